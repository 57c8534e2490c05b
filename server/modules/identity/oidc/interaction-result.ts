import type Provider from 'oidc-provider';
import type { Interaction, InteractionResults } from 'oidc-provider';

const epochNow = () => Math.floor(Date.now() / 1000);

/**
 * Completes an interaction: stores the result and answers where the browser resumes. Works from
 * the interaction page (cookie checked by the caller) and from an upstream callback (by uid).
 */
export async function finishInteraction(
  interaction: Interaction,
  result: InteractionResults,
): Promise<string> {
  interaction.result = 'error' in result ? result : { ...interaction.lastSubmission, ...result };
  await interaction.save(Math.max(interaction.exp - epochNow(), 1));
  return interaction.returnTo;
}

/**
 * The grant for what the client asked (scopes and claims). Clients of the city's provider are
 * government systems the city administrator registered: consent to the identity claims they
 * request is part of using them, so no consent screen is shown.
 */
export async function grantFor(
  provider: Provider,
  interaction: Interaction,
  accountId: string,
): Promise<string> {
  const { params, prompt } = interaction;
  let grant = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  if (!grant || grant.accountId !== accountId) {
    grant = new provider.Grant({ accountId, clientId: String(params.client_id) });
  }
  if (typeof params.scope === 'string') grant.addOIDCScope(params.scope);
  const missingClaims = (prompt.details as { missingOIDCClaims?: unknown }).missingOIDCClaims;
  if (Array.isArray(missingClaims)) grant.addOIDCClaims(missingClaims as string[]);
  return grant.save();
}

/** Login plus the grant, in one result. */
export async function finishLogin(
  provider: Provider,
  interaction: Interaction,
  login: { accountId: string; acr: string; amr: string[] },
): Promise<string> {
  const grantId = await grantFor(provider, interaction, login.accountId);
  return finishInteraction(interaction, { login: { ...login, remember: false }, consent: { grantId } });
}

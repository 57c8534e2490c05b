import type { FastifyRequest } from 'fastify';
import type { Actor, Principal } from '../../platform/auth/principal.ts';
import type { AccountService, OfficialLogin } from './accounts.service.ts';
import type { ClientService } from './clients.service.ts';
import type { ClientView, NewClientInput } from './identity.schema.ts';
import type { IdentityStore } from './identity.store.ts';
import type { AccountPersonalData } from './personal-data.ts';

/** The OIDC providers the platform runs: the city's sign-on, and the VNeID simulator (demo and tests). */
export type ProviderRealm = 'city' | 'vneid-sim';

export type SignInCounts = {
  from: string;
  to: string;
  citizen: { signIns: number; accounts: number };
  official: { signIns: number; accounts: number };
};

/** What other modules, the CLI and the demo seed may ask of identity. */
export type IdentityService = {
  /** The principal behind a request: bearer access token of the city's provider, or the portal's session. */
  resolvePrincipal(request: FastifyRequest): Promise<Principal>;
  /** Registers a relying party (city administrator or CLI); the secret is in the answer only. */
  registerClient(actor: Actor, input: NewClientInput): Promise<{ clientId: string; clientSecret?: string }>;
  listClients(actor: Actor): Promise<ClientView[]>;
  removeClient(actor: Actor, clientId: string): Promise<void>;
  /** Fails (409/400) unless the user name is free and well formed; answers it normalised. */
  assertUsernameAvailable(username: string): Promise<string>;
  /** Gives an official of org a login (argon2id password, TOTP). Omit `password` to generate one. */
  createOfficialLogin(
    actor: Actor,
    input: { officialId: string; username: string; password?: string; totpSecret?: string },
  ): Promise<OfficialLogin>;
  /** Is there a login account for this official? */
  hasOfficialLogin(username: string): Promise<boolean>;
  /** Sign-ins per kind in [from, to) (ISO instants), for the plan's unified-identity KPIs. */
  signInCounts(from: Date, to: Date): Promise<SignInCounts>;
  /** Active login accounts per kind (officials with a digital identity, citizens who signed in). */
  accountCounts(): Promise<{ citizens: number; officials: number }>;
  /** New signing and cookie keys for a provider (`city`, or the VNeID simulator `vneid-sim`); audited. */
  rotateKeys(actor: Actor, realm: ProviderRealm): Promise<{ kid: string; kept: string[]; dropped: string[] }>;
  /** A citizen's account, sessions and sign-ins, for the privacy module's export (docs/personal-data.md). */
  exportFor(accountId: string): Promise<AccountPersonalData>;
};

export function createIdentityService(deps: {
  resolvePrincipal: (request: FastifyRequest) => Promise<Principal>;
  accounts: AccountService;
  clients: ClientService;
  store: IdentityStore;
  exportFor: (accountId: string) => Promise<AccountPersonalData>;
  rotateKeys: IdentityService['rotateKeys'];
}): IdentityService {
  const { accounts, clients, store } = deps;
  return {
    rotateKeys: deps.rotateKeys,
    resolvePrincipal: deps.resolvePrincipal,
    exportFor: deps.exportFor,
    registerClient: (actor, input) => clients.register(actor, input),
    listClients: (actor) => clients.list(actor),
    removeClient: (actor, clientId) => clients.remove(actor, clientId),
    assertUsernameAvailable: (username) => accounts.assertUsernameAvailable(username),
    createOfficialLogin: (actor, input) => accounts.createOfficialLogin(actor, input),
    hasOfficialLogin: async (username) => Boolean(await accounts.accountByUsername(username)),
    async signInCounts(from, to) {
      const rows = await store.signInCounts(from, to);
      const of = (kind: string) => {
        const row = rows.find((r) => r.kind === kind);
        return { signIns: row?.signIns ?? 0, accounts: row?.accounts ?? 0 };
      };
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        citizen: of('citizen'),
        official: of('official'),
      };
    },
    async accountCounts() {
      const rows = await store.activeAccountCounts();
      return {
        citizens: rows.find((r) => r.kind === 'citizen')?.accounts ?? 0,
        officials: rows.find((r) => r.kind === 'official')?.accounts ?? 0,
      };
    },
  };
}

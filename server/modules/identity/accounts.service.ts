import { randomBytes, randomUUID } from 'node:crypto';
import { hash, verify as verifyHash } from '@node-rs/argon2';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import type { AuditLog } from '../../platform/audit/audit.ts';
import { type Acr, type Actor, acrValues, type Official } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, conflict } from '../../platform/errors.ts';
import type { AccountRow, IdentityStore } from './identity.store.ts';
import type { SecretBox } from './sealed.ts';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const MIN_PASSWORD_LENGTH = 12;
const TOTP_ISSUER = 'Hà Nội SSO';
/**
 * A shared address (an office behind one NAT) is locked only after this many times the per-user
 * limit, so that one person's typos do not lock out a whole agency.
 */
const IP_LIMIT_FACTOR = 4;

export type OfficialLogin = {
  accountId: string;
  username: string;
  /** Present when the password was generated: shown once, never stored in clear. */
  password?: string;
  totpSecret: string;
  otpauthUri: string;
};

export type CitizenClaims = {
  personalId: string;
  fullName: string | null;
  birthdate: string | null;
  gender: string | null;
};

export type OfficialSignIn =
  | { ok: true; account: AccountRow }
  | { ok: false; reason: 'invalid' | 'locked'; lockedUntil?: Date };

const generatedPassword = () => randomBytes(15).toString('base64url');

/** The actor of a successful sign-in: the official just identified (memberships do not matter to audit). */
const signedInActor = (account: AccountRow, base: Actor): Actor => ({
  ...base,
  principal: {
    kind: 'official',
    accountId: account.id,
    officialId: account.official_id ?? '',
    sessionId: '',
    username: account.username ?? '',
    fullName: '',
    acr: acrValues.officialMfa,
    memberships: [],
  } satisfies Official,
});

export function createAccountService(deps: {
  store: IdentityStore;
  audit: AuditLog;
  clock: Clock;
  box: SecretBox;
  login: { maxFailures: number; lockMinutes: number };
}) {
  const { store, audit, clock, box, login } = deps;
  let dummyHash: Promise<string> | null = null;

  function normaliseUsername(username: string) {
    return username.trim().toLowerCase();
  }

  async function assertUsernameAvailable(username: string) {
    const normalised = normaliseUsername(username);
    if (!USERNAME_PATTERN.test(normalised)) {
      throw new AppError('validation_failed', {
        vi: 'Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch nối, gạch dưới.',
        en: 'A user name has 3–64 characters: lower-case letters, digits, dot, hyphen, underscore.',
      });
    }
    if (await store.accountByUsername(normalised)) {
      throw conflict({
        vi: `Tên đăng nhập ${normalised} đã được dùng.`,
        en: `The user name ${normalised} is taken.`,
      });
    }
    return normalised;
  }

  /** Records a failure for each key; locks the keys that reached their limit. */
  async function recordFailure(actor: Actor, username: string, keys: string[], reason: string) {
    const now = clock.now();
    const windowStart = new Date(now.getTime() - login.lockMinutes * 60_000);
    const until = new Date(now.getTime() + login.lockMinutes * 60_000);
    let lockedUntil: Date | undefined;
    await store.db.transaction().execute(async (trx) => {
      await audit.record(trx, {
        actor,
        action: 'identity.login.failed',
        objectType: 'identity.account',
        objectId: username,
        details: { username, reason },
      });
      for (const key of keys) {
        await store.insertFailure(trx, key, now);
        const limit = key.startsWith('ip:') ? login.maxFailures * IP_LIMIT_FACTOR : login.maxFailures;
        if ((await store.countFailuresSince(trx, key, windowStart)) >= limit) {
          await store.lock(trx, key, until);
          // The count restarts once the lock lapses.
          await store.clearFailures(trx, key);
          lockedUntil = until;
          await audit.record(trx, {
            actor,
            action: 'identity.login.locked',
            objectType: 'identity.account',
            objectId: username,
            details: {
              by: key.startsWith('ip:') ? 'ip' : 'username',
              username,
              lockedUntil: until.toISOString(),
              failures: limit,
            },
          });
        }
      }
    });
    return lockedUntil;
  }

  return {
    assertUsernameAvailable,

    /** Gives an official (org) a login: user name, argon2id password hash, TOTP seed. */
    async createOfficialLogin(
      actor: Actor,
      input: { officialId: string; username: string; password?: string; totpSecret?: string },
    ): Promise<OfficialLogin> {
      const username = await assertUsernameAvailable(input.username);
      if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
        throw new AppError('validation_failed', {
          vi: `Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`,
          en: `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
        });
      }
      if (await store.accountByOfficialId(input.officialId)) {
        throw conflict({
          vi: 'Cán bộ này đã có tài khoản đăng nhập.',
          en: 'This official already has a login.',
        });
      }
      const password = input.password ?? generatedPassword();
      const totpSecret = input.totpSecret ?? generateSecret({ length: 20 });
      const accountId = randomUUID();
      const passwordHash = await hash(password);
      const sealedSecret = await box.seal(totpSecret);
      await store.db.transaction().execute(async (trx) => {
        await store.insertAccount(trx, {
          id: accountId,
          kind: 'official',
          official_id: input.officialId,
          username,
          password_hash: passwordHash,
          totp_secret_sealed: sealedSecret,
          status: 'active',
        });
        await audit.record(trx, {
          actor,
          action: 'identity.account.create',
          objectType: 'identity.account',
          objectId: accountId,
          before: null,
          after: { id: accountId, kind: 'official', officialId: input.officialId, username },
          details: { kind: 'official', username },
        });
      });
      return {
        accountId,
        username,
        ...(input.password === undefined ? { password } : {}),
        totpSecret,
        otpauthUri: generateURI({ issuer: TOTP_ISSUER, label: username, secret: totpSecret }),
      };
    },

    /** Password and one-time code, throttled per user name and per address; every outcome audited. */
    async signInOfficial(
      actor: Actor,
      input: { username: string; password: string; totp: string; clientId: string | null },
    ): Promise<OfficialSignIn> {
      const username = normaliseUsername(input.username);
      const now = clock.now();
      const keys = [`user:${username}`, ...(actor.ip ? [`ip:${actor.ip}`] : [])];
      const lock = await store.activeLock(keys, now);
      if (lock) {
        await store.db.transaction().execute((trx) =>
          audit.record(trx, {
            actor,
            action: 'identity.login.failed',
            objectType: 'identity.account',
            objectId: username,
            details: { username, reason: 'locked', lockedUntil: lock.locked_until.toISOString() },
          }),
        );
        return { ok: false, reason: 'locked', lockedUntil: lock.locked_until };
      }

      const account = await store.accountByUsername(username);
      let failure: string | null = null;
      let timeStep: number | undefined;
      if (account?.kind !== 'official' || !account.password_hash) {
        // Spend the same time as a real check, so that timing does not reveal which names exist.
        dummyHash ??= hash(generatedPassword());
        await verifyHash(await dummyHash, input.password).catch(() => false);
        failure = 'unknown_user';
      } else if (!(await verifyHash(account.password_hash, input.password).catch(() => false))) {
        failure = 'bad_password';
      } else if (!account.totp_secret_sealed || !/^\d{6}$/.test(input.totp)) {
        failure = 'bad_totp';
      } else {
        const result = await verifyTotp({
          secret: await box.open(account.totp_secret_sealed),
          token: input.totp,
          epoch: Math.floor(now.getTime() / 1000),
          epochTolerance: 30,
          // A code already used cannot be replayed.
          ...(account.totp_last_step === null ? {} : { afterTimeStep: Number(account.totp_last_step) }),
        });
        if (!result.valid) failure = 'bad_totp';
        else if ('timeStep' in result) timeStep = result.timeStep;
      }
      if (!failure && account?.status !== 'active') failure = 'disabled';

      if (failure || !account) {
        const lockedUntil = await recordFailure(actor, username, keys, failure ?? 'unknown_user');
        return lockedUntil ? { ok: false, reason: 'locked', lockedUntil } : { ok: false, reason: 'invalid' };
      }

      await store.db.transaction().execute(async (trx) => {
        await store.clearFailures(trx, `user:${username}`);
        await store.markSignedIn(trx, account.id, now, timeStep);
        await store.insertSignIn(trx, {
          account_id: account.id,
          kind: 'official',
          acr: acrValues.officialMfa,
          client_id: input.clientId,
          at: now,
        });
        await audit.record(trx, {
          actor: signedInActor(account, actor),
          action: 'identity.login.succeeded',
          objectType: 'identity.account',
          objectId: account.id,
          details: { kind: 'official', username, acr: acrValues.officialMfa, clientId: input.clientId },
        });
      });
      return { ok: true, account };
    },

    /** The citizen account of a personal ID, created on first sign-in; claims refreshed from VNeID. */
    async citizenSignedIn(
      actor: Actor,
      claims: CitizenClaims,
      acr: Acr,
      clientId: string | null,
    ): Promise<AccountRow> {
      const now = clock.now();
      return store.db.transaction().execute(async (trx) => {
        let account = await store.accountByPersonalId(claims.personalId, trx);
        const values = { full_name: claims.fullName, birthdate: claims.birthdate, gender: claims.gender };
        if (!account) {
          const id = randomUUID();
          await store.insertAccount(trx, {
            id,
            kind: 'citizen',
            personal_id: claims.personalId,
            status: 'active',
            ...values,
          });
          account = (await store.accountById(id, trx))!;
        } else {
          await store.updateCitizenClaims(trx, account.id, values);
        }
        if (account.status !== 'active') return account;
        await store.markSignedIn(trx, account.id, now);
        await store.insertSignIn(trx, {
          account_id: account.id,
          kind: 'citizen',
          acr,
          client_id: clientId,
          at: now,
        });
        await audit.record(trx, {
          actor: {
            ...actor,
            principal: {
              kind: 'citizen',
              accountId: account.id,
              sessionId: '',
              personalId: claims.personalId,
              fullName: claims.fullName ?? '',
              acr,
            },
          },
          action: 'identity.login.succeeded',
          objectType: 'identity.account',
          objectId: account.id,
          details: { kind: 'citizen', acr, clientId },
        });
        return account;
      });
    },

    accountById: (id: string) => store.accountById(id),
    accountByUsername: (username: string) => store.accountByUsername(normaliseUsername(username)),
  };
}

export type AccountService = ReturnType<typeof createAccountService>;

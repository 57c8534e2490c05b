import { randomBytes } from 'node:crypto';
import type { Principal } from '../../../platform/auth/principal.ts';
import { AppError } from '../../../platform/errors.ts';
import type { PlatformContext } from '../../../platform/module.ts';
import {
  createSimulatedGateway,
  type PaymentGateway,
  type SignedCallback,
  type SimulatedGateway,
} from '../../../platform/payments.ts';
import type { ProcessService } from './process.service.ts';

/**
 * Fees: a payment intent (with its VietQR payload) for a dossier awaiting payment, and the verified
 * payment event moving the dossier on. Embedded mode uses the kernel's simulated gateway, plainly
 * labelled; its intents live in memory, so an intent lost with a restart is simply created again.
 */
export function createFeesService(deps: {
  context: PlatformContext;
  process: ProcessService;
  gateway?: PaymentGateway;
}) {
  const gateway: PaymentGateway =
    deps.gateway ?? createSimulatedGateway({ secret: randomBytes(32), clock: deps.context.clock });
  const { process } = deps;

  return {
    gateway,
    /** The citizen's payment intent for the fee (created on first ask). */
    async payment(principal: Principal, code: string) {
      const row = await process.awaitingPayment(principal, code);
      if (row.payment_intent_id) {
        const known = await gateway.getIntent(row.payment_intent_id).catch(() => null);
        if (known && known.status === 'pending') return known;
      }
      const intent = await gateway.createIntent({
        amountVnd: row.fee_vnd,
        orderRef: row.code,
        description: `Le phi ho so ${row.code}`,
      });
      await process.rememberIntent(row, intent.id);
      return intent;
    },

    /**
     * The gateway's server-to-server notice: the signature over the raw body is verified by the
     * gateway adapter before anything is read; a paid notice moves the dossier once (replays change
     * nothing). Failed or expired notices are acknowledged and leave the dossier awaiting payment.
     */
    async callback(callback: SignedCallback) {
      const event = await gateway.handleCallback(callback);
      const dossier = await process.settlePayment(event);
      return { received: true, status: event.status, dossierState: dossier?.state ?? null };
    },

    /** Simulator only: the citizen settles the payment; the signed callback is verified and applied. */
    async simulate(principal: Principal, code: string, outcome: 'paid' | 'failed') {
      if (!gateway.simulated) {
        throw new AppError('forbidden', {
          vi: 'Chỉ cổng thanh toán mô phỏng cho phép thao tác này.',
          en: 'Only the simulated payment gateway allows this.',
        });
      }
      const intent = await this.payment(principal, code);
      const callback = await (gateway as SimulatedGateway).simulate(intent.id, outcome);
      const event = await gateway.handleCallback(callback);
      return { event, dossier: await process.settlePayment(event) };
    },
  };
}

export type FeesService = ReturnType<typeof createFeesService>;

import type { ExchangeService } from '../exchange/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { PopulationService } from '../population/index.ts';
import type { ServicesService } from '../services/index.ts';

/** What the privacy module reads (and, for a deletion request, erases) through other modules' doors. */
export type PrivacyDeps = {
  identity: Pick<IdentityService, 'exportFor'>;
  population: Pick<PopulationService, 'findByPersonalId'>;
  exchange: Pick<ExchangeService, 'myConsents' | 'myDataUsage' | 'consentRevocation'>;
  services: Pick<ServicesService, 'personalData'>;
};

export type Citizen = Extract<import('../../platform/auth/principal.ts').Principal, { kind: 'citizen' }>;

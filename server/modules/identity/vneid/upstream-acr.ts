/**
 * VNeID's assurance levels as the upstream provider states them in `acr`. The simulator uses
 * these values; a real upstream that states its levels differently is mapped here, in one place.
 * An unknown or missing value counts as level 1: it can never pass for level 2.
 */
export const SIMULATOR_ACR = {
  level1: 'urn:vn:vneid:loa:1',
  level2: 'urn:vn:vneid:loa:2',
} as const;

const upstreamLevels: Record<string, 1 | 2> = {
  [SIMULATOR_ACR.level1]: 1,
  [SIMULATOR_ACR.level2]: 2,
};

export const upstreamAcrFor = (level: 1 | 2): string =>
  level === 2 ? SIMULATOR_ACR.level2 : SIMULATOR_ACR.level1;

export const levelOfUpstreamAcr = (acr: unknown): 1 | 2 =>
  typeof acr === 'string' && upstreamLevels[acr] === 2 ? 2 : 1;

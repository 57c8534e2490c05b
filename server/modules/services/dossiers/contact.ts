/**
 * The phone the applicant gave in the form: the answer of the field bound to `person.phone`.
 * Kept as typed; the notifier decides whether it is a Vietnamese mobile number an SMS can reach.
 */
export function contactPhoneOf(answers: Record<string, unknown>, itemOf: Map<string, string>): string | null {
  for (const [key, item] of itemOf) {
    const value = answers[key];
    if (item === 'person.phone' && typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}

import { Loader, VisuallyHidden } from '@mantine/core';

/**
 * A loading indicator screen readers announce: a polite status region with the text, the
 * spinner itself hidden from them (an aria-label on the spinner's bare span is not allowed).
 */
export function Loading({ label }: { label: string }) {
  return (
    <div role="status">
      <Loader aria-hidden="true" />
      <VisuallyHidden>{label}</VisuallyHidden>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { AutosaveQueue, type SaveState } from './autosave.ts';

/** One autosave queue per mounted item, its state as React state; registered with the page for flushing. */
export function useAutosave<P>(
  save: (payload: P) => Promise<{ savedAt: string }>,
  initial: SaveState,
  register: (queue: AutosaveQueue<P>) => () => void,
) {
  // The latest `save` closure, without rebuilding the queue.
  const [saveRef] = useState(() => ({ current: save }));
  saveRef.current = save;
  const [queue] = useState(() => new AutosaveQueue<P>((payload) => saveRef.current(payload)));
  const [state, setState] = useState<SaveState>(initial);
  useEffect(() => {
    const unsubscribe = queue.subscribe(setState);
    const unregister = register(queue);
    return () => {
      unsubscribe();
      unregister();
      // Leaving the item: send what is waiting once, then stop retrying.
      void queue.flush().finally(() => queue.dispose());
    };
  }, [queue, register]);
  return { queue, state };
}

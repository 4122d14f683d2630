/**
 * What a search box does on each keystroke: the first asks at once; keys typed while an answer is
 * awaited are asked for together when it comes (with the search as it then is), so fast typing
 * neither waits on a timer nor queues one query per key.
 */
export function askAsTyped(ask: () => Promise<void>): () => Promise<void> {
  let asking = false;
  let typedMeanwhile = false;
  const typed = async (): Promise<void> => {
    if (asking) { typedMeanwhile = true; return; }
    asking = true;
    try { await ask(); } finally { asking = false; }
    if (typedMeanwhile) { typedMeanwhile = false; void typed(); }
  };
  return typed;
}

/**
 * A queue of writes that must reach the database in the order the user made them. The app's
 * commands run off the window's thread, each as soon as it arrives, so two saves of one answer
 * sent together could otherwise land in either order and leave the older value saved.
 * Each task starts when the one before it has settled (succeeded or failed).
 */
export function inOrder(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const run = last.then(task);
    last = run.catch(() => undefined);
    return run;
  };
}

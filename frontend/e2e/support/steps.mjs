// Steps of one user journey as subtests: each needs the ones before it, so after a failure the
// rest are skipped, not failed again, and the screen at the failure is kept.

/** `step(name, fn)` for the test context `t`; `onFailure()` saves what the failure looked like. */
export function chainedSteps(t, onFailure) {
  let failedStep = null;
  return (name, fn) =>
    t.test(name, { skip: failedStep ? `"${failedStep}" failed` : false }, async () => {
      try {
        await fn();
      } catch (error) {
        failedStep = name;
        await Promise.resolve()
          .then(onFailure)
          .catch(() => {});
        throw error;
      }
    });
}

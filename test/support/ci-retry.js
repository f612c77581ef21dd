// Under CI (CI set), a failed test runs once more, after its error is printed in full: a test that
// fails on a busy machine's timing passes the second time, and the log still shows the first
// failure; one that fails for a real reason fails twice. Locally a failure is final.
if (process.env.CI) jest.retryTimes(1, { logErrorsBeforeRetry: true });

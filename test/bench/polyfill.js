// Loaded with `node -r ./test/bench/polyfill.js` in the bench's PostGraphile process only:
// PostGraphile 5 declares Node >= 22 and calls Promise.withResolvers, which Node 20 lacks.
// Nothing in the hub loads this file.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

// The one set of @swc/core options that compiles our TypeScript where tsc does not: Jest (jest.config.js, through
// @swc/jest) and the job worker threads the test suite starts from the sources (src/core/register-ts.cjs).
// Decorators with their metadata (Nest's injection reads it), CommonJS output, class names kept for Nest and logs.
const typescript = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
};

/** The same for plain JavaScript (the ESM-only packages Jest turns into CommonJS). */
const ecmascript = { ...typescript, jsc: { ...typescript.jsc, parser: { syntax: 'ecmascript' } } };

module.exports = { typescript, ecmascript };

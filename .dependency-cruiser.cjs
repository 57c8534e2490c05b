/**
 * Module boundaries (see docs/architecture.md): each module has one door (its index.ts); the
 * platform kernel never imports a module; modules never reach the composition root; the web app
 * never imports server code.
 */
module.exports = {
  forbidden: [
    {
      name: 'platform-imports-no-module',
      comment: 'The shared kernel serves every module and depends on none.',
      severity: 'error',
      from: { path: '^server/platform/' },
      to: { path: '^server/(modules|demo)/' },
    },
    {
      name: 'module-one-door',
      comment: "A module may use another module only through that module's index.ts.",
      severity: 'error',
      from: { path: '^server/modules/([^/]+)/' },
      to: {
        path: '^server/modules/[^/]+/',
        pathNot: ['^server/modules/$1/', '^server/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'no-composition-root-from-inside',
      comment: 'Modules and the platform are wired by server/app.ts; they never import it or the CLI.',
      severity: 'error',
      from: { path: '^server/(platform|modules)/' },
      to: { path: '^server/(app|cli|web|build-web)\\.ts$' },
    },
    {
      name: 'web-imports-no-server',
      comment: 'The browser bundle never pulls in server code.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(server|test|bench)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-stands-alone',
      comment: 'shared/ is code the browser and the server both run: it imports neither.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(server|web|test)/' },
    },
    {
      name: 'not-to-test-code',
      comment: 'Product code never imports test support.',
      severity: 'error',
      from: { path: '^(server|web)/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};

// The size-limit plugins ship no types; the API takes them as opaque plugin objects.
declare module '@size-limit/file' {
  const plugin: (...args: unknown[]) => unknown
  export default plugin
}
declare module '@size-limit/esbuild' {
  const plugin: (...args: unknown[]) => unknown
  export default plugin
}

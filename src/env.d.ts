/**
 * For plain `tsc` (the second half of `npm run typecheck`): `.ts` files such as the MDX components map
 * import `.astro` components, which only Astro's own checker (`astro check`) understands.
 */
declare module '*.astro' {
  const Component: import('astro/runtime/server/index.js').AstroComponentFactory;
  export default Component;
}

import { learnerOnlyStack, learnerStackFile } from './learner-stack';

/**
 * Engines that compute `error.stack` in an accessor on `Error.prototype` (SpiderMonkey) never call V8's
 * `Error.prepareStackTrace`, so harden-realm's V8 hook leaves their stacks whole. SES reads that accessor once,
 * when its module is evaluated, and serves every `error.stack` through it after `lockdown()` (with
 * `errorTaming: 'unsafe'`); this module is imported before `ses` so the accessor SES keeps is one that filters
 * the engine's own stack down to the learner's frames. Where `stack` is no prototype accessor (V8, and
 * JavaScriptCore, which gives each error an own `stack`) it changes nothing.
 */
export function filterPrototypeStack(prototype: object): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, 'stack');
  const original = descriptor?.get;
  if (!descriptor || typeof original !== 'function' || !descriptor.configurable) return false;
  Object.defineProperty(prototype, 'stack', {
    ...descriptor,
    get(this: unknown) {
      const stack: unknown = Reflect.apply(original, this, []);
      if (typeof stack !== 'string') return stack;
      const file = learnerStackFile();
      return file === undefined ? '' : learnerOnlyStack(stack, file);
    },
  });
  return true;
}

filterPrototypeStack(Error.prototype);

import { CheckFailure, type CheckFailureCode } from './check-failure';
import { isLearnerProxy } from './learner-proxies';

/** What the snapshot turns any learner-derived value into: data no matcher can be fooled by. */
export type Plain =
  | null
  | undefined
  | boolean
  | number
  | string
  | bigint
  | Date
  | Uint8Array
  | readonly Plain[]
  | { readonly [key: string]: Plain };

/** A learner value refused by the snapshot: `code` names the kind, `path` where it was found (`.payload.aud[0]`). */
export class SnapshotError extends CheckFailure {
  readonly path: string;
  constructor(code: CheckFailureCode, path: string, problem: string) {
    super(code, `${path === '' ? 'the value' : `the value at ${path}`} ${problem}`);
    this.path = path;
  }
}

/** Bounds on one snapshot, so a value built to exhaust the runner fails its check instead. */
export const SNAPSHOT_LIMITS = Object.freeze({ depth: 32, nodes: 10_000, stringChars: 1_000_000 });

// Captured when this module loads (before any learner code exists): the intrinsic methods whose brand
// checks tell host objects apart without running anything the learner defined.
const intrinsic = {
  getTime: Date.prototype.getTime,
  RealDate: Date,
  isView: ArrayBuffer.isView,
  typedArrayBuffer: Reflect.getOwnPropertyDescriptor(
    Object.getPrototypeOf(Uint8Array.prototype) as object,
    'buffer',
  )?.get,
  typedArrayOffset: Reflect.getOwnPropertyDescriptor(
    Object.getPrototypeOf(Uint8Array.prototype) as object,
    'byteOffset',
  )?.get,
  typedArrayLength: Reflect.getOwnPropertyDescriptor(
    Object.getPrototypeOf(Uint8Array.prototype) as object,
    'byteLength',
  )?.get,
  dataViewBuffer: Reflect.getOwnPropertyDescriptor(DataView.prototype, 'buffer')?.get,
  dataViewOffset: Reflect.getOwnPropertyDescriptor(DataView.prototype, 'byteOffset')?.get,
  dataViewLength: Reflect.getOwnPropertyDescriptor(DataView.prototype, 'byteLength')?.get,
  mapSize: Reflect.getOwnPropertyDescriptor(Map.prototype, 'size')?.get,
  setSize: Reflect.getOwnPropertyDescriptor(Set.prototype, 'size')?.get,
  weakMapHas: WeakMap.prototype.has,
  weakSetHas: WeakSet.prototype.has,
  promiseThen: Promise.prototype.then,
  regExpSource: Reflect.getOwnPropertyDescriptor(RegExp.prototype, 'source')?.get,
  bufferLength: Reflect.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')?.get,
  ErrorPrototype: Error.prototype,
  ObjectPrototype: Object.prototype,
  ArrayPrototype: Array.prototype,
  hostGetter: (proto: object | undefined, name: string) =>
    proto ? Reflect.getOwnPropertyDescriptor(proto, name)?.get : undefined,
};
const host = {
  responseStatus: intrinsic.hostGetter(globalThis.Response?.prototype, 'status'),
  responseStatusText: intrinsic.hostGetter(globalThis.Response?.prototype, 'statusText'),
  responseHeaders: intrinsic.hostGetter(globalThis.Response?.prototype, 'headers'),
  requestMethod: intrinsic.hostGetter(globalThis.Request?.prototype, 'method'),
  requestUrl: intrinsic.hostGetter(globalThis.Request?.prototype, 'url'),
  requestHeaders: intrinsic.hostGetter(globalThis.Request?.prototype, 'headers'),
  headersForEach: globalThis.Headers?.prototype.forEach,
  urlHref: intrinsic.hostGetter(globalThis.URL?.prototype, 'href'),
  blobSize: intrinsic.hostGetter(globalThis.Blob?.prototype, 'size'),
  signalAborted: intrinsic.hostGetter(globalThis.AbortSignal?.prototype, 'aborted'),
  // A platform error (an aborted or timed-out fetch, a failed body read) is a DOMException, whose `name` and
  // `message` are the platform's own getters on its prototype: read through them, as for a Response.
  domExceptionName: intrinsic.hostGetter(globalThis.DOMException?.prototype, 'name'),
  domExceptionMessage: intrinsic.hostGetter(globalThis.DOMException?.prototype, 'message'),
};

/** True for a genuine platform `Response` (its brand checked by the platform's own getter), never a look-alike. */
export function isPlatformResponse(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || isLearnerProxy(value)) return false;
  return branded(host.responseStatus, value) !== undefined;
}

/** Calls an intrinsic method on `value`; `undefined` when `value` lacks its brand (the method threw). */
function branded<T>(
  method: ((this: unknown, ...args: never[]) => T) | undefined,
  value: object,
  ...args: unknown[]
) {
  if (!method) return undefined;
  try {
    return { value: Reflect.apply(method, value, args) as T };
  } catch {
    return undefined;
  }
}

interface Walk {
  nodes: number;
  chars: number;
  ancestors: object[];
}

/**
 * Turns one learner-derived value into plain data before any matcher sees it. It reads each own property once
 * through its descriptor (never a getter, never a Proxy trap of the learner's), copies primitives, arrays and
 * plain objects, drops functions, copies `Date` and byte arrays, reads `Response`/`Request`/`Headers`/`URL`
 * through the platform's own getters, and refuses everything that could act at assertion time with a named
 * `SnapshotError`: a Proxy, a getter or setter, `then`, `asymmetricMatch`, a symbol key, a cycle, a graph
 * past `SNAPSHOT_LIMITS`, or another exotic object (Map, Set, Promise, RegExp, Blob…).
 *
 * For an Error it keeps `name` (from the prototype chain's data properties), `message`, and the own enumerable
 * data properties (jose's `code`, `claim`, `reason`), never `stack`; a genuine `DOMException` gives its `name`
 * and `message` through the platform's getters.
 *
 * @example
 * const claims = snapshot(await verify(token)); // plain data, or a failed check naming what was refused
 * expect(claims).toMatchObject({ sub: 'user-alice' });
 */
export function snapshot(value: unknown): Plain {
  const out = walk(value, '', { nodes: 0, chars: 0, ancestors: [] });
  return out === DROPPED ? undefined : out;
}

const DROPPED: unique symbol = Symbol('dropped');

function walk(value: unknown, path: string, state: Walk): Plain | typeof DROPPED {
  state.nodes += 1;
  if (state.nodes > SNAPSHOT_LIMITS.nodes)
    throw new SnapshotError(
      'ERR_SNAPSHOT_TOO_LARGE',
      path,
      `is part of a value with more than ${SNAPSHOT_LIMITS.nodes} members; return less data`,
    );
  switch (typeof value) {
    case 'string':
      state.chars += value.length;
      if (state.chars > SNAPSHOT_LIMITS.stringChars)
        throw new SnapshotError(
          'ERR_SNAPSHOT_TOO_LARGE',
          path,
          `is part of a value with more than ${SNAPSHOT_LIMITS.stringChars} characters of text`,
        );
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return value;
    case 'symbol':
      throw new SnapshotError(
        'ERR_SNAPSHOT_UNSUPPORTED',
        path,
        'is a symbol; the checks read plain data only',
      );
    case 'function':
      return DROPPED;
  }
  if (value === null) return null;
  const object = value as object;
  if (isLearnerProxy(object))
    throw new SnapshotError('ERR_SNAPSHOT_PROXY', path, 'is a Proxy; the checks read plain data only');
  if (state.ancestors.includes(object))
    throw new SnapshotError('ERR_SNAPSHOT_CYCLE', path, 'refers back to itself (a cycle); return plain data');
  if (state.ancestors.length >= SNAPSHOT_LIMITS.depth)
    throw new SnapshotError(
      'ERR_SNAPSHOT_TOO_LARGE',
      path,
      `is nested more than ${SNAPSHOT_LIMITS.depth} levels deep`,
    );
  // An object whose prototype is Object's, Array's or none reaches no method that reads an internal slot, so it
  // is walked as plain data whatever slots it has: most values are such, and every brand probe that fails
  // throws (costly in a check that snapshots hundreds of claims sets).
  const prototype = Reflect.getPrototypeOf(object);
  const plain =
    prototype === null || prototype === intrinsic.ObjectPrototype || prototype === intrinsic.ArrayPrototype;
  // An error (jose's, or the platform's DOMException) is walked as an error without the brand probes: errors are
  // what checks snapshot most, and each probe that fails throws. One made on purpose with another object's slots
  // (Reflect.construct(Map, [], Error)) is copied through its own data properties, so its copy cannot act either.
  const isError = !plain && isErrorObject(object, path);
  const special = plain || isError ? NOT_HOST : hostValue(object, path);
  if (special !== NOT_HOST) return special;
  state.ancestors.push(object);
  try {
    return Array.isArray(object) ? walkArray(object, path, state) : walkObject(object, path, state, isError);
  } finally {
    state.ancestors.pop();
  }
}

const NOT_HOST: unique symbol = Symbol('not a host object');

function hostValue(object: object, path: string): Plain | typeof NOT_HOST {
  const time = branded(intrinsic.getTime, object);
  if (time) return new intrinsic.RealDate(time.value);
  if (intrinsic.isView(object)) return copyBytes(object, path);
  const status = branded(host.responseStatus, object);
  if (status) {
    const headers = branded(host.responseHeaders, object)?.value as object;
    return {
      status: status.value as number,
      statusText: branded(host.responseStatusText, object)?.value as string,
      headers: headerRecord(headers),
    };
  }
  const method = branded(host.requestMethod, object);
  if (method) {
    const headers = branded(host.requestHeaders, object)?.value as object;
    return {
      method: method.value as string,
      url: branded(host.requestUrl, object)?.value as string,
      headers: headerRecord(headers),
    };
  }
  const href = branded(host.urlHref, object);
  if (href) return href.value as string;
  if (host.headersForEach && branded(host.headersForEach, object, () => {})) return headerRecord(object);
  const exotic: [string, unknown][] = [
    ['a Promise (await it first)', branded(intrinsic.promiseThen, object, ignore, ignore)],
    ['a Map', branded(intrinsic.mapSize, object)],
    ['a Set', branded(intrinsic.setSize, object)],
    ['a WeakMap', branded(intrinsic.weakMapHas, object, {})],
    ['a WeakSet', branded(intrinsic.weakSetHas, object, {})],
    ['a RegExp', object !== RegExp.prototype && branded(intrinsic.regExpSource, object)],
    ['an ArrayBuffer (wrap it in a Uint8Array)', branded(intrinsic.bufferLength, object)],
    ['a Blob', branded(host.blobSize, object)],
    ['an AbortSignal', branded(host.signalAborted, object)],
  ];
  for (const [what, found] of exotic) {
    if (found)
      throw new SnapshotError(
        'ERR_SNAPSHOT_UNSUPPORTED',
        path,
        `is ${what}; the checks read plain data only`,
      );
  }
  return NOT_HOST;
}

function ignore(): void {}

/** A byte view's bytes, read through the platform's getters (a learner's own `buffer` property is never read). */
function copyBytes(view: object, path: string): Uint8Array {
  const typed = branded(intrinsic.typedArrayLength, view);
  const [buffer, offset, length] = typed
    ? [
        branded(intrinsic.typedArrayBuffer, view)?.value,
        branded(intrinsic.typedArrayOffset, view)?.value,
        typed.value,
      ]
    : [
        branded(intrinsic.dataViewBuffer, view)?.value,
        branded(intrinsic.dataViewOffset, view)?.value,
        branded(intrinsic.dataViewLength, view)?.value,
      ];
  if (Number(length) > SNAPSHOT_LIMITS.stringChars)
    throw new SnapshotError(
      'ERR_SNAPSHOT_TOO_LARGE',
      path,
      `holds more than ${SNAPSHOT_LIMITS.stringChars} bytes`,
    );
  const copy = new Uint8Array(Number(length));
  copy.set(new Uint8Array(buffer as ArrayBuffer, Number(offset), Number(length)));
  return copy;
}

/** Header names lower-cased, in the platform's (sorted) order, so every engine prints them alike. */
function headerRecord(headers: object | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (headers && host.headersForEach)
    Reflect.apply(host.headersForEach, headers, [
      (value: string, name: string) => {
        record[name] = value;
      },
    ]);
  return record;
}

function ownData(object: object, key: string | symbol, path: string): PropertyDescriptor | undefined {
  const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
  if (descriptor && !('value' in descriptor)) {
    // After SES `lockdown()`, frozen prototypes carry their data properties (`Error.prototype.name`…) as a
    // getter/setter pair whose getter keeps the value as `originalValue`: read that, never call the getter.
    const getter = descriptor.get;
    const original =
      getter && !isLearnerProxy(getter)
        ? Reflect.getOwnPropertyDescriptor(getter, 'originalValue')
        : undefined;
    if (original && 'value' in original)
      return { value: original.value as unknown, enumerable: descriptor.enumerable === true };
    throw new SnapshotError(
      'ERR_SNAPSHOT_ACCESSOR',
      path,
      'is a getter or setter; the checks read each value once, as plain data',
    );
  }
  return descriptor;
}

function walkArray(array: readonly unknown[], path: string, state: Walk): Plain[] {
  const keys = Reflect.ownKeys(array);
  refuseSymbolKeys(keys, path);
  const length = Number(ownData(array, 'length', `${path}.length`)?.value ?? 0);
  if (length > SNAPSHOT_LIMITS.nodes)
    throw new SnapshotError('ERR_SNAPSHOT_TOO_LARGE', path, `has more than ${SNAPSHOT_LIMITS.nodes} items`);
  const out: Plain[] = [];
  for (let index = 0; index < length; index++) {
    const itemPath = `${path}[${index}]`;
    const descriptor = ownData(array, String(index), itemPath);
    const item = descriptor ? walk(descriptor.value, itemPath, state) : undefined;
    out.push(item === DROPPED ? undefined : item);
  }
  return out;
}

function refuseSymbolKeys(keys: readonly (string | symbol)[], path: string): void {
  const symbol = keys.find((key) => typeof key === 'symbol');
  if (symbol !== undefined)
    throw new SnapshotError(
      'ERR_SNAPSHOT_SYMBOL_KEY',
      path,
      `has a symbol-keyed property (${String(symbol)}); the checks read plain data only`,
    );
}

function isErrorObject(object: object, path: string): boolean {
  for (let proto = Reflect.getPrototypeOf(object); proto !== null; proto = Reflect.getPrototypeOf(proto)) {
    if (isLearnerProxy(proto))
      throw new SnapshotError(
        'ERR_SNAPSHOT_PROXY',
        path,
        'inherits from a Proxy; the checks read plain data only',
      );
    if (proto === intrinsic.ErrorPrototype) return true;
  }
  return false;
}

/** An error's `name` as its prototype chain defines it, through data properties only. */
function errorName(error: object, path: string): Plain {
  for (let at: object | null = error; at !== null; at = Reflect.getPrototypeOf(at)) {
    const descriptor = ownData(at, 'name', `${path}.name`);
    if (descriptor) return typeof descriptor.value === 'string' ? descriptor.value : undefined;
  }
  return undefined;
}

function walkObject(object: object, path: string, state: Walk, isError: boolean): { [key: string]: Plain } {
  const keys = Reflect.ownKeys(object);
  refuseSymbolKeys(keys, path);
  const out: { [key: string]: Plain } = {};
  const platformName = isError ? branded(host.domExceptionName, object) : undefined;
  if (platformName) {
    out['name'] = String(platformName.value);
    out['message'] = String(branded(host.domExceptionMessage, object)?.value ?? '');
  } else if (isError) out['name'] = errorName(object, path);
  for (const key of keys as string[]) {
    const keyPath = `${path}.${key}`;
    if (key === 'then')
      throw new SnapshotError(
        'ERR_SNAPSHOT_THENABLE',
        keyPath,
        'makes the value a thenable; await it or rename it',
      );
    if (key === 'asymmetricMatch')
      throw new SnapshotError(
        'ERR_SNAPSHOT_MATCHER',
        keyPath,
        'would make the value answer the assertion itself; the checks compare plain data only',
      );
    // V8 keeps an error's stack as an own accessor: never read, it names files outside the learner's code.
    if (isError && key === 'stack') continue;
    const descriptor = ownData(object, key, keyPath);
    if (!descriptor) continue;
    const keep =
      descriptor.enumerable || (isError && (key === 'message' || key === 'name' || key === 'cause'));
    if (!keep) continue;
    const copied = walk(descriptor.value, keyPath, state);
    if (copied !== DROPPED) out[key] = copied;
  }
  return out;
}

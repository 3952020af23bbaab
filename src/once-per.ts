/**
 * `make`, remembered per key object: the first call for a key makes the value, later calls get the same one, and the
 * value goes when the key does (a WeakMap). For what is derived from a spec once (its description, its compiled
 * validator, the contract suite's setup).
 */
export function oncePer<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>();
  return (key) => {
    if (made.has(key)) return made.get(key) as V;
    const value = make(key);
    made.set(key, value);
    return value;
  };
}

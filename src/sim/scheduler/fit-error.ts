/**
 * The FitError text, byte for byte: kubernetes/kubernetes:pkg/scheduler/framework/types.go `FitError.Error`.
 *
 *   "0/<N> nodes are available:" + " <PreFilterMsg>." | " <histogram>." + (" <PostFilterMsg>" when set)
 *
 * The histogram counts each reason over the failed nodes, formats `<count> <reason>` and sorts the strings with
 * Go's sort.Strings (byte order of the whole string, count included: "10 x" sorts before "2 x").
 */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export function histogram(reasonLists: Iterable<readonly string[]>): string {
  const counts = new Map<string, number>();
  for (const reasons of reasonLists) for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const entries = [...counts].map(([r, n]) => `${n} ${r}`);
  entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.join(', ');
}

export function fitErrorText(numAllNodes: number, reasonLists: Iterable<readonly string[]>, preFilterMsg?: string, postFilterMsg?: string): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else {
    const h = histogram(reasonLists);
    if (h !== '') msg += ` ${h}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}`;
  return msg;
}

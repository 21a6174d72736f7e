/** File name and folder of a path, for display only (either separator). */
export function splitPath(path: string): { dir: string; name: string } {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut < 0 ? { dir: '', name: path } : { dir: path.slice(0, cut), name: path.slice(cut + 1) };
}

/** A sibling file name for a new vault when `path` is taken: vault.custodian -> vault-2.custodian. */
export function siblingPath(path: string): string {
  const { dir, name } = splitPath(path);
  const sep = path.includes('\\') && !path.includes('/') ? '\\' : '/';
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '.custodian';
  const next = `${stem}-2${ext}`;
  return dir ? `${dir}${sep}${next}` : next;
}

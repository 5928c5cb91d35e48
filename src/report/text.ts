/**
 * Text hygiene shared by the formatters. Finding messages quote manifest values, and manifests are
 * untrusted input: a value must not be able to move the cursor, recolour or retitle a terminal, start a
 * new line in a one-line-per-finding format, or open markup in HTML/XML.
 */
import { isAbsolute, relative, sep } from 'node:path';

/**
 * Removes C0 controls (except tab and newline), DEL and C1 controls. ESC (0x1b) and CSI (0x9b) start
 * terminal escape sequences (ECMA-48); dropping the introducer leaves the rest of a sequence inert text.
 */
export function stripControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** stripControls, and line breaks (incl. U+2028/U+2029) folded to a space: for one-line-per-finding formats. */
export function oneLine(s: string): string {
  return stripControls(s.replace(/\r\n|[\r\n\u2028\u2029]/g, ' '));
}

/** Escapes text for HTML/XML element content and quoted attribute values. */
export function escapeXml(s: string): string {
  return stripXmlInvalid(s).replace(/[&<>"']/g, (c) => XML_ENTITIES[c] as string);
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Drops characters XML 1.0 forbids (§2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
 * [#x10000-#x10FFFF]): C0 controls, lone surrogates, U+FFFE and U+FFFF. A JUnit file with one of them is
 * rejected whole by strict parsers.
 */
export function stripXmlInvalid(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

/**
 * A report path: relative to `cwd` when the file lies under it (or is given relative already), with `/`
 * separators on every platform. `<stdin>` and other pseudo paths pass through.
 */
export function displayPath(file: string, cwd: string): string {
  if (file.startsWith('<')) return file;
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/**
 * Findings in report order: compareFindings over report paths (relative to cwd), so a file given as an
 * absolute path sorts where its relative form would.
 */
export function sortForReport<F extends { readonly location: { readonly file: string } }>(
  findings: readonly F[],
  cwd: string,
  compare: (a: F, b: F) => number,
): F[] {
  const keyed = findings.map((f) => ({ f, k: { ...f, location: { ...f.location, file: displayPath(f.location.file, cwd) } } }));
  keyed.sort((a, b) => compare(a.k, b.k));
  return keyed.map((x) => x.f);
}

/**
 * Where a kustomize-rendered object was written. The loader renders a kustomization through a wrapping one with
 * `buildMetadata: [originAnnotations]` (./walk.ts; kubectl.docs.kubernetes.io/references/kustomize/kustomization/
 * buildmetadata), so kustomize annotates each object with `config.kubernetes.io/origin`: the `path` of the file
 * it read the object from, or, for an object a generator made, the kustomization it was `configuredIn`; paths
 * are relative to the wrapper's root. Findings then point into the files the user wrote, not into a rendered
 * stream nobody can open.
 *
 * The rendered object is what kustomize made of the written one (prefixes, labels, patches, images): a
 * pointer is followed in the written document as far as both documents agree (see {@link writtenPointer}), and
 * the finding is placed there. The origin file is read when a finding is first located in it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { JsonPointer, Location } from '../model/location.js';
import { pointerTokens, toPointer } from '../model/location.js';
import { isObject } from '../model/guards.js';
import type { SourceDocument } from '../model/resource.js';
import { inputPath } from './input-path.js';
import { parseYamlDocument } from './parse.js';
import { DocumentSource } from './source.js';
import { splitDocuments } from './split.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/** Where the origin paths of a rendering are resolved (`root`) and shown from (`cwd`): plain data, sent to workers. */
export interface KustomizeOrigins {
  readonly root: string;
  readonly cwd: string;
}

/** A written document of an origin file: its value and its source. */
interface WrittenDocument {
  readonly value: unknown;
  readonly source: DocumentSource;
}

/** The origin files of one rendering, each read and parsed once, when a finding first needs it. */
export class OriginFiles {
  private readonly files = new Map<string, readonly WrittenDocument[]>();

  constructor(private readonly origins: KustomizeOrigins) {}

  /** The path as findings show it, like the loader's other files. */
  display(path: string): string {
    return inputPath(resolve(this.origins.root, path), this.origins.cwd);
  }

  /** The documents of an origin file; none when it cannot be read or parsed. */
  documents(path: string): readonly WrittenDocument[] {
    let docs = this.files.get(path);
    if (docs === undefined) this.files.set(path, (docs = this.read(path)));
    return docs;
  }

  private read(path: string): readonly WrittenDocument[] {
    let text: string;
    try {
      // A byte-order mark carries no meaning (YAML 1.2 §5.2), as for the loader's own files.
      text = readFileSync(resolve(this.origins.root, path), 'utf8').replace(/^\uFEFF/, '');
    } catch {
      return [];
    }
    const file = this.display(path);
    const out: WrittenDocument[] = [];
    splitDocuments(text).forEach((chunk, index) => {
      const parsed = parseYamlDocument(chunk.text);
      if (parsed.ok) out.push({ value: parsed.value, source: new DocumentSource(file, index, chunk.startLine, chunk.text, undefined, parsed.spans) });
    });
    return out;
  }

  /**
   * The source of a rendered object whose origin annotation `takeOrigin` read: in its file of origin, or
   * undefined when the annotation names none on this machine (a remote base).
   */
  sourceOf(origin: Origin, rendered: Readonly<Record<string, unknown>>): SourceDocument | undefined {
    const path = origin.path ?? origin.configuredIn;
    if (path === undefined || origin.repo !== undefined) return undefined;
    // A generator's object was never written: the kustomization that configured it is where to look.
    return new OriginSource(this, path, origin.path === undefined ? undefined : rendered);
  }
}

/** The fields of an origin annotation this module reads. */
export interface Origin {
  readonly path?: string;
  readonly configuredIn?: string;
  readonly repo?: string;
}

/**
 * Reads the origin annotation of a rendered object and removes it (the user did not write it; an annotations
 * map it leaves empty goes too). Undefined when the object has none.
 */
export function takeOrigin(raw: Record<string, unknown>): Origin | undefined {
  const metadata = raw.metadata;
  if (!isObject(metadata) || !isObject(metadata.annotations)) return undefined;
  // The loader's own fresh parse: this is the one place that edits it, before any reader sees it.
  const annotations = metadata.annotations as Record<string, unknown>;
  const text = annotations[ORIGIN_ANNOTATION];
  if (typeof text !== 'string') return undefined;
  delete annotations[ORIGIN_ANNOTATION];
  if (Object.keys(annotations).length === 0) delete (metadata as Record<string, unknown>).annotations;
  const parsed = parseYamlDocument(text);
  if (!parsed.ok || !isObject(parsed.value)) return undefined;
  const { path, configuredIn, repo } = parsed.value;
  return {
    ...(typeof path === 'string' ? { path } : {}),
    ...(typeof configuredIn === 'string' ? { configuredIn } : {}),
    ...(typeof repo === 'string' ? { repo } : {}),
  };
}

/**
 * A rendered object's place in the file it was written in: the document of that file with its kind and
 * (prefixes and suffixes aside) its name. Without a written object (a generator's), or when none matches,
 * findings go to the file's first line.
 */
class OriginSource implements SourceDocument {
  readonly file: string;
  private matched: WrittenDocument | null | undefined;

  constructor(
    private readonly files: OriginFiles,
    private readonly path: string,
    private readonly rendered: Readonly<Record<string, unknown>> | undefined,
  ) {
    this.file = files.display(path);
  }

  get index(): number {
    return this.written()?.source.index ?? 0;
  }

  get startLine(): number {
    return this.written()?.source.startLine ?? 1;
  }

  locate(pointer: JsonPointer): Location {
    const written = this.written();
    if (!written || !this.rendered) return { file: this.file, line: 1, column: 1 };
    return written.source.locate(writtenPointer(written.value, this.rendered, pointer));
  }

  private written(): WrittenDocument | undefined {
    if (this.matched === undefined) this.matched = this.rendered ? (matchDocument(this.files.documents(this.path), this.rendered) ?? null) : null;
    return this.matched ?? undefined;
  }
}

/**
 * The written document a rendered object came from: the only one of its kind in the file, else the one with
 * its name, else the one whose name is the longest part of it (namePrefix and nameSuffix only add to a name).
 */
export function matchDocument<D extends { readonly value: unknown }>(docs: readonly D[], rendered: Readonly<Record<string, unknown>>): D | undefined {
  const sameKind = docs.filter((d) => isObject(d.value) && d.value.kind === rendered.kind);
  if (sameKind.length <= 1) return sameKind[0];
  const name = nameOf(rendered);
  if (name === undefined) return undefined;
  let best: D | undefined;
  let bestLength = -1;
  for (const d of sameKind) {
    const written = nameOf(d.value);
    if (written === undefined || !name.includes(written)) continue;
    if (written === name) return d;
    if (written.length > bestLength) {
      best = d;
      bestLength = written.length;
    }
  }
  return best;
}

/**
 * Where a node of the rendered object stands in the written one: `pointer` followed in both as long as each
 * step exists in both. A list item is the written item of the same name where items have names (containers,
 * ports, volumes, env), since a patch may have added items before it; the pointer's other steps stay.
 */
export function writtenPointer(written: unknown, rendered: unknown, pointer: JsonPointer): JsonPointer {
  const tokens = pointerTokens(pointer);
  const out: string[] = [];
  let w = written;
  let r = rendered;
  for (const token of tokens) {
    let step = token;
    if (Array.isArray(w) && Array.isArray(r)) {
      const item: unknown = r[Number(token)];
      const name = isObject(item) ? item.name : undefined;
      if (name !== undefined) {
        const at = w.findIndex((x) => isObject(x) && x.name === name);
        if (at < 0) break;
        step = String(at);
      }
      w = w[Number(step)];
      r = item;
    } else if (isObject(w) && isObject(r) && Object.prototype.hasOwnProperty.call(w, token)) {
      w = w[token];
      r = r[token];
    } else break;
    if (w === undefined) break;
    out.push(step);
  }
  return toPointer(out);
}

function nameOf(v: unknown): string | undefined {
  const metadata = isObject(v) ? v.metadata : undefined;
  const name = isObject(metadata) ? metadata.name : undefined;
  return typeof name === 'string' ? name : undefined;
}


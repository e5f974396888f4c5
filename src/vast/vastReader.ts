/**
 * Reading helpers shared by the VAST and VMAP readers: attributes by their spec name (other letter cases
 * accepted and reported), numbers and booleans that tolerate junk, URL lists, tracking events and the
 * three resource kinds. Every oddity becomes a Problem on the reader, never an exception (style.md:
 * parsers tolerate and report).
 */
import type { Problem } from '../errors';
import type { VastResources, VastTracking } from './vastModel';
import { children, findAttr, textOf, type XmlNode } from './xmlTree';

export class VastReader {
  readonly problems: Problem[] = [];

  problem(code: string, message: string): void {
    this.problems.push({ code, message });
  }

  /** Attribute by its spec name; a case-insensitive match is accepted and reported. */
  attr(node: XmlNode | undefined, name: string, where: string): string | null {
    const found = findAttr(node, name);
    if (!found) return null;
    if (!found.exact) this.problem('VAST_ATTRIBUTE_CASE', `${where}: attribute "${name}" written with another letter case`);
    return found.value;
  }

  /** Trimmed attribute, "" when absent. */
  str(node: XmlNode | undefined, name: string, where: string): string {
    return (this.attr(node, name, where) ?? '').trim();
  }

  /** Non-negative integer attribute; unreadable values are reported and read as null. */
  intAttr(node: XmlNode, name: string, where: string): number | null {
    const v = this.attr(node, name, where);
    if (v === null || v.trim() === '') return null;
    const n = Number(v.trim());
    if (!Number.isFinite(n) || n < 0) {
      this.problem('VAST_NUMBER_INVALID', `${where}: ${name}="${v}" is not a number`);
      return null;
    }
    return Math.round(n);
  }

  /** xs:boolean: "true"/"1", "false"/"0" (any letter case: ad servers write "True"). */
  boolAttr(node: XmlNode, name: string, where: string): boolean | null {
    const v = this.attr(node, name, where);
    if (v === null) return null;
    const t = v.trim().toLowerCase();
    if (t === 'true' || t === '1') return true;
    if (t === 'false' || t === '0') return false;
    this.problem('VAST_BOOLEAN_INVALID', `${where}: ${name}="${v}" is not a boolean`);
    return null;
  }

  /** Non-empty trimmed texts of the `tag` children; empty ones are reported and dropped. */
  urls(node: XmlNode | undefined, tag: string, where: string): string[] {
    const list = children(node, tag);
    if (!list.length) return [];
    const out: string[] = [];
    for (const n of list) {
      const u = textOf(n);
      if (u) out.push(u);
      else this.problem('VAST_URL_EMPTY', `${where}: empty <${tag}> ignored`);
    }
    return out;
  }

  /** The first non-empty `tag` child's text, or null. */
  firstUrl(node: XmlNode | undefined, tag: string, where: string): string | null {
    return this.urls(node, tag, where)[0] ?? null;
  }

  /** `Tracking` elements of `TrackingEvents` blocks (VAST 4.2 `Tracking@event`, `@offset`); `offset` kept for progress events. */
  tracking(blocks: readonly XmlNode[], where: string): VastTracking[] {
    const out: VastTracking[] = [];
    for (const block of blocks) {
      for (const t of children(block, 'Tracking')) {
        const event = this.str(t, 'event', where);
        const url = textOf(t);
        if (!event) {
          this.problem('VAST_TRACKING_NO_EVENT', `${where}: Tracking without an event attribute ignored`);
          continue;
        }
        if (!url) {
          this.problem('VAST_URL_EMPTY', `${where}: empty Tracking for "${event}" ignored`);
          continue;
        }
        out.push({ event, url, offset: this.attr(t, 'offset', where) });
      }
    }
    return out;
  }

  /** StaticResource, IFrameResource and HTMLResource children (VAST 4.2 companion, non-linear and icon resources). */
  resources(node: XmlNode, where: string): VastResources {
    const staticResources: VastResources['staticResources'] = [];
    for (const s of children(node, 'StaticResource')) {
      const uri = textOf(s);
      if (uri) staticResources.push({ uri, creativeType: this.str(s, 'creativeType', where) });
      else this.problem('VAST_URL_EMPTY', `${where}: empty <StaticResource> ignored`);
    }
    // HTML is content, not a URL: kept as written (trimmed), never reported as an empty URL.
    const htmlResources: string[] = [];
    for (const h of children(node, 'HTMLResource')) {
      const html = textOf(h);
      if (html) htmlResources.push(html);
    }
    return { staticResources, iframeResources: this.urls(node, 'IFrameResource', where), htmlResources };
  }
}

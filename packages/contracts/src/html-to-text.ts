import { NodeType, parse, type HTMLElement, type Node } from 'node-html-parser';

const BLOCK_BREAKS = new Set(['p', 'div', 'blockquote', 'li', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol']);

/**
 * Mastodon status HTML to the text a reader sees. Links keep their full URL (Mastodon hides parts of it in
 * `span.invisible`, which we keep so the tokenizer can recognise the whole URL and drop it); mentions and
 * hashtags stay as `@user` and `#tag`; `<br>` and paragraphs become line breaks. Entities are decoded.
 */
export function htmlToText(html: string): string {
  if (!html.includes('<') && !html.includes('&')) return html.trim();
  const root = parse(html, { blockTextElements: { script: false, style: false } });
  const parts: string[] = [];
  collect(root, parts);
  return parts
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function collect(node: Node, parts: string[]): void {
  if (node.nodeType === NodeType.TEXT_NODE) {
    parts.push(node.text);
    return;
  }
  if (node.nodeType !== NodeType.ELEMENT_NODE) return;
  const element = node as HTMLElement;
  const tag = element.rawTagName?.toLowerCase() ?? '';
  if (tag === 'br') {
    parts.push('\n');
    return;
  }
  const isBlock = BLOCK_BREAKS.has(tag);
  if (isBlock && parts.length > 0) parts.push('\n\n');
  for (const child of element.childNodes) collect(child, parts);
  if (isBlock) parts.push('\n\n');
}

// Organiser-written Markdown as plain text, for every place that cannot show HTML: a mail's text part, calendar
// descriptions, machine-read descriptions (schema.org). The markup a reader would trip over (**, [..](..)) is dropped
// and what it carries kept: paragraphs, line breaks, list items ("- ", "1. "), quotes ("> "). Links follow the pages'
// rule (markdown.ts): one the page refuses stays as typed, and raw HTML, which the page shows as text, stays text.
// Example: markdownToPlainText('**Book** your [route](/book).\n\n- A\n- B') → 'Book your route.\n\n- A\n- B'
//          markdownToPlainText('[route](/book)', { addresses: { base: 'https://x.org' } }) → 'route <https://x.org/book>'
//          markdownToPlainText('# Hi\n\n- A\n- B', { layout: 'line' }) → 'Hi A B'
import MarkdownIt from 'markdown-it';
import { absoluteLink, isSafeLink } from './markdown.ts';

export interface PlainTextOptions {
  /** 'blocks' (the default): blocks apart by a blank line, marked as above; 'line': one line, spaces collapsed, no marks. */
  layout?: 'blocks' | 'line';
  /**
   * Each link's address after its text, in angle brackets (RFC 3986, appendix C) so mail clients link it whole, this
   * site's relative addresses made absolute against `base` (a mail has no page to resolve them against). Without it
   * a link is its text alone.
   */
  addresses?: { base: string };
}

const md = new MarkdownIt({ html: false, linkify: true, breaks: true });
md.validateLink = isSafeLink;

type Token = ReturnType<typeof md.parse>[number];

function inlineText(children: Token[], addresses: PlainTextOptions['addresses']): string {
  const address = (token: Token, name: string) => absoluteLink(token.attrGet(name) ?? '', addresses?.base);
  let text = '';
  const open: { href: string; from: number; shown: boolean }[] = [];
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += '\n';
    else if (child.type === 'image') {
      const src = address(child, 'src');
      // An image with no address (![a]()) is its description alone, as on the page; one with no description, its address.
      text += !addresses || !isSafeLink(src) ? child.content : child.content ? `${child.content} <${src}>` : src;
    } else if (child.type === 'link_open') {
      // A bare address (linkify, <https://…>) is its own text already.
      open.push({ href: address(child, 'href'), from: text.length, shown: child.markup === 'linkify' || child.markup === 'autolink' });
    } else if (child.type === 'link_close') {
      const link = open.pop();
      const href = link?.href.replace(/^mailto:/, '');
      if (addresses && link && !link.shown && text.slice(link.from) !== href) text += ` <${href}>`;
    }
  }
  return text;
}

/** The text of each block (paragraph, heading, list item, code), without marks, for the one-line layout. */
function lineText(tokens: Token[]): string {
  const pieces: string[] = [];
  for (const token of tokens) {
    if (token.type === 'inline') pieces.push(inlineText(token.children ?? [], undefined));
    else if (token.type === 'fence' || token.type === 'code_block') pieces.push(token.content);
  }
  return pieces.join(' ').replace(/\s+/g, ' ').trim();
}

function blocksText(tokens: Token[], addresses: PlainTextOptions['addresses']): string {
  const blocks: string[] = [];
  // Each open list, with the width of its current item's mark (what an item inside it is indented by) and whether
  // that item has yet to show its mark: an item that says nothing shows none, and takes no number.
  const lists: { ordered: boolean; next: number; width: number; unmarked: boolean }[] = [];
  let quotes = 0;
  let tight = false;
  let previousInList = false;
  const add = (content: string) => {
    if (content.trim() === '') return;
    const indent = lists.slice(0, -1).map((list) => ' '.repeat(list.width)).join('');
    const list = lists.at(-1);
    const marker = list?.unmarked ? (list.ordered ? `${list.next++}. ` : '- ') : '';
    if (list) list.unmarked = false;
    const lines = content.split('\n').map((line, i) => `${'> '.repeat(quotes)}${indent}${i === 0 ? marker : ' '.repeat(marker.length)}${line}`.trimEnd());
    // Items of a tight list follow each other line by line; everything else is apart by a blank line.
    const separator = blocks.length === 0 ? '' : tight && previousInList && lists.length > 0 ? '\n' : '\n\n';
    blocks.push(separator + lines.join('\n'));
    previousInList = lists.length > 0;
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        // A new list starts apart from whatever came before, another list too.
        if (lists.length === 0) previousInList = false;
        lists.push({ ordered: token.type === 'ordered_list_open', next: Number(token.attrGet('start') ?? 1), width: 0, unmarked: false });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open': {
        const list = lists.at(-1)!;
        list.width = (list.ordered ? `${list.next}. ` : '- ').length;
        list.unmarked = true;
        break;
      }
      case 'list_item_close':
        lists.at(-1)!.unmarked = false;
        break;
      case 'paragraph_open':
        tight = token.hidden;
        break;
      case 'blockquote_open':
        quotes += 1;
        break;
      case 'blockquote_close':
        quotes -= 1;
        break;
      case 'heading_open':
        tight = false;
        break;
      case 'inline':
        // Trimmed line by line: an image without a description leaves nothing, not a space or an empty line.
        add(
          inlineText(token.children ?? [], addresses)
            .split('\n')
            .map((text) => text.trim())
            .filter((text) => text !== '')
            .join('\n'),
        );
        break;
      case 'fence':
      case 'code_block':
        add(token.content.replace(/\n$/, ''));
        break;
      case 'hr':
        add('---');
        break;
    }
  }
  return blocks.join('').trim();
}

export function markdownToPlainText(source: string, options: PlainTextOptions = {}): string {
  const tokens = md.parse(source, {});
  return options.layout === 'line' ? lineText(tokens) : blocksText(tokens, options.addresses);
}

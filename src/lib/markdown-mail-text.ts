// Organiser-written Markdown as the plain-text part of a mail: the markup a reader would trip over (**, [..](..))
// dropped, but what it carries kept: paragraphs and line breaks, list items ("- ", "1. "), quotes ("> ") and every
// link's address after its text, in angle brackets (RFC 3986, appendix C) so mail clients link it whole.
// Example: markdownToMailText('**Book** your [route](https://x.org/book).\n\n- A\n- B') → 'Book your route <https://x.org/book>.\n\n- A\n- B'
import MarkdownIt from 'markdown-it';
import { absoluteLink, isSafeLink } from './markdown.ts';

const md = new MarkdownIt({ html: false, linkify: true, breaks: true });
// The same links as the HTML part allows (markdown.ts): one it refuses stays as typed in both parts.
md.validateLink = isSafeLink;

type Token = ReturnType<typeof md.parse>[number];

function inlineText(children: Token[], linkBase: string): string {
  let text = '';
  const open: { href: string; from: number; shown: boolean }[] = [];
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += '\n';
    else if (child.type === 'image') text += `${child.content} <${absoluteLink(child.attrGet('src') ?? '', linkBase)}>`;
    else if (child.type === 'link_open') {
      // A bare address (linkify, <https://…>) is its own text already.
      open.push({ href: absoluteLink(child.attrGet('href') ?? '', linkBase), from: text.length, shown: child.markup === 'linkify' || child.markup === 'autolink' });
    } else if (child.type === 'link_close') {
      const link = open.pop();
      const address = link?.href.replace(/^mailto:/, '');
      if (link && !link.shown && text.slice(link.from) !== address) text += ` <${address}>`;
    }
  }
  return text;
}

export function markdownToMailText(source: string, linkBase: string): string {
  const blocks: string[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let quotes = 0;
  let bullet: string | null = null;
  let tight = false;
  let previousInList = false;
  const add = (content: string) => {
    const indent = '  '.repeat(Math.max(0, lists.length - 1));
    const marker = bullet ?? '';
    const lines = content.split('\n').map((line, i) => `${'> '.repeat(quotes)}${indent}${i === 0 ? marker : ' '.repeat(marker.length)}${line}`.trimEnd());
    // Items of a tight list follow each other line by line; everything else is apart by a blank line.
    const separator = blocks.length === 0 ? '' : tight && previousInList && lists.length > 0 ? '\n' : '\n\n';
    blocks.push(separator + lines.join('\n'));
    previousInList = lists.length > 0;
    bullet = null;
  };
  for (const token of md.parse(source, {})) {
    switch (token.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        // A new list starts apart from whatever came before, another list too.
        if (lists.length === 0) previousInList = false;
        lists.push({ ordered: token.type === 'ordered_list_open', next: Number(token.attrGet('start') ?? 1) });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open': {
        const list = lists.at(-1)!;
        bullet = list.ordered ? `${list.next++}. ` : '- ';
        break;
      }
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
        add(inlineText(token.children ?? [], linkBase));
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

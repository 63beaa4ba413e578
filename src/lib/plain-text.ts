// Organiser-written Markdown as plain text, for places that cannot show HTML (calendar descriptions, mail subjects).
// Example: markdownToPlainText('**Opening** of the [forum](https://x.org)') → 'Opening of the forum'
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, breaks: true });

type Token = ReturnType<typeof md.parse>[number];

function inlineText(children: Token[]): string {
  return children
    .map((child) => {
      if (child.type === 'text' || child.type === 'code_inline') return child.content;
      if (child.type === 'softbreak' || child.type === 'hardbreak') return '\n';
      if (child.type === 'image') return child.content;
      return '';
    })
    .join('');
}

export function markdownToPlainText(source: string): string {
  const blocks: string[] = [];
  for (const token of md.parse(source, {})) {
    if (token.type === 'inline') blocks.push(inlineText(token.children ?? []));
    else if (token.type === 'code_block' || token.type === 'fence') blocks.push(token.content.replace(/\n$/, ''));
  }
  return blocks.filter((b) => b.trim() !== '').join('\n\n').trim();
}

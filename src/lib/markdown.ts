// Organiser-written Markdown (event descriptions, session abstracts, speaker bios) to HTML that is safe to embed:
// raw HTML is never passed through (it is shown as text), and links may only go to http(s), mailto and relative
// addresses, opening with rel="nofollow noopener".
// Example: renderMarkdown('**Opening** <script>x</script>') → '<p><strong>Opening</strong> &lt;script&gt;x&lt;/script&gt;</p>\n'
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });

const SAFE_LINK = /^(https?:|mailto:|\/(?!\/)|#)/i;
// markdown-it already refuses javascript:, vbscript:, file: and most data: links; this narrows it to what we expect.
/** Whether organiser Markdown may link to an address: the pages' rule, and the plain text's too (plain-text.ts). */
export const isSafeLink = (url: string) => SAFE_LINK.test(url.trim());
md.validateLink = isSafeLink;

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
/** Render options: `linkBase` (a mail's) makes this site's relative addresses absolute, as a mail has no page to resolve them against. */
export interface MarkdownEnv {
  linkBase?: string;
}
/** A relative address of this site made absolute against `linkBase`; any other address, or no base, as it is. */
export const absoluteLink = (url: string, linkBase: string | undefined) => (linkBase && /^\/(?!\/)/.test(url) ? `${linkBase}${url}` : url);
const absolute = (url: string, env: MarkdownEnv | undefined) => absoluteLink(url, env?.linkBase);

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('rel', 'nofollow noopener');
  tokens[idx]!.attrSet('href', absolute(tokens[idx]!.attrGet('href') ?? '', env as MarkdownEnv));
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/**
 * An image from another site would not show (the pages' Content-Security-Policy loads images from this site only,
 * so no visitor is tracked by a third party): it becomes a link to the image, named by its description. An image of
 * this site (a relative address) shows as usual.
 */
const defaultImage = md.renderer.rules.image!;
md.renderer.rules.image = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const src = token.attrGet('src') ?? '';
  if (/^\/(?!\/)/.test(src)) {
    token.attrSet('src', absolute(src, env as MarkdownEnv));
    return defaultImage(tokens, idx, options, env, self);
  }
  const alt = self.renderInlineAsText(token.children ?? [], options, env) || src;
  // An image with no address (![a]()) is its description alone.
  if (!SAFE_LINK.test(src.trim())) return md.utils.escapeHtml(alt);
  return `<a href="${md.utils.escapeHtml(src)}" rel="nofollow noopener">${md.utils.escapeHtml(alt)}</a>`;
};

/** Headings in organiser text start at level 3 (the page owns h1 and h2). */
md.core.ruler.push('demote_headings', (state) => {
  for (const token of state.tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 2)}`;
  }
});

export function renderMarkdown(source: string, env: MarkdownEnv = {}): string {
  return md.render(source, env);
}

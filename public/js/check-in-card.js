// Draws the door's cards and notices for check-in.js, as the page's own partial does (views/partials/check-in/
// card.hbs), in the page's language (its data-t-* texts). Loaded before check-in.js.
// Example: var draw = window.forumDeskDoorCards(root); var shown = draw.card(card, code, { undo: makeUndoButton });
window.forumDeskDoorCards = function (root) {
  'use strict';
  var text = function (name) { return root.getAttribute('data-t-' + name) || ''; };

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }
  function fill(template, values) { return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; }); }

  /** The name in Latin, and in Chinese (marked as such) when the person gave it. */
  function personLine(tag, className, person) {
    var line = el(tag, className, person.name);
    if (person.nameZh) { line.appendChild(document.createTextNode(' ')); var zh = el('span', '', person.nameZh); zh.lang = 'zh-CN'; line.appendChild(zh); }
    return line;
  }

  /** A notice: its title, whose it is, and one more line. tone: 'success', 'warning' or '' (plain). */
  function notice(tone, title, person, detail) {
    var box = el('div', 'notice' + (tone ? ' notice--' + tone : ''));
    box.appendChild(el('p', 'notice__title', title));
    if (person) box.appendChild(personLine('p', 'notice__person', person));
    if (detail) box.appendChild(el('p', '', detail));
    return box;
  }

  /** The badge to reprint at the desk, for a confirmed person, when this staff member may print one. */
  function badgeLink(article, card) {
    var base = root.getAttribute('data-badge-base');
    if (!base || !card.person || card.person.status !== 'confirmed') return;
    var line = el('p', 'ticket-card__badge');
    var link = el('a', '', text('badge'));
    link.href = base + card.person.registrationId + '/badge';
    link.target = '_blank';
    link.rel = 'noopener';
    link.appendChild(el('span', 'visually-hidden', ' ' + card.person.name));
    line.appendChild(link);
    article.appendChild(line);
  }

  /**
   * A card (the lookup's or a refusal's JSON, present.ts ShownCard) and `ticket`, the code read. Returns the article
   * and its Check in button (null when it is not admissible); `actions.undo(className, label)` makes the Undo button.
   */
  function card(shown, ticket, actions) {
    var otherEvent = shown.warnings.some(function (w) { return w.code === 'other-event'; });
    var article = el('article', 'ticket-card ' + (shown.admissible ? 'ticket-card--ok' : 'ticket-card--warn'));
    var heading = shown.person ? shown.person.name : text(otherEvent ? 'other-event' : 'unknown');
    article.setAttribute('aria-label', heading);
    if (shown.checkIn) article.appendChild(el('h3', 'ticket-card__stop', text('already-in')));
    if (shown.person) {
      article.appendChild(personLine('h3', 'ticket-card__name', shown.person));
      article.appendChild(el('p', 'ticket-card__meta', shown.person.organisation));
      var meta = el('p', 'ticket-card__meta');
      meta.appendChild(el('span', 'badge badge--kind', shown.person.category));
      meta.appendChild(document.createTextNode(' '));
      meta.appendChild(el('span', 'badge badge--status-' + shown.person.status, shown.person.statusText));
      article.appendChild(meta);
    } else {
      article.appendChild(el('h3', 'ticket-card__name', heading));
      // What was read, so staff can see a typing mistake (the field is cleared for the next scan); a QR code full of
      // something else is cut short.
      if (ticket) article.appendChild(el('p', 'ticket-card__meta', text('code-read').replace('{code}', ticket.length > 40 ? ticket.slice(0, 40) + '…' : ticket)));
    }
    if (shown.checkIn) article.appendChild(el('p', 'ticket-card__when', fill(text('checked-in-at'), { time: shown.checkIn.atText, door: shown.checkIn.door })));
    // The earlier check-in is said by the heading and its own line above.
    var warnings = shown.warnings.filter(function (w) { return w.code !== 'already-checked-in'; });
    if (warnings.length) {
      var list = el('ul', 'ticket-card__warnings');
      warnings.forEach(function (w) {
        // As on the page's own cards: screen readers hear "Warning:" before each.
        var li = el('li', '');
        li.appendChild(el('span', 'visually-hidden', text('warning') + ' '));
        li.appendChild(document.createTextNode(w.text));
        li.setAttribute('data-warning', w.code);
        list.appendChild(li);
      });
      article.appendChild(list);
    }
    var confirm = null;
    if (shown.admissible) {
      confirm = el('button', 'button button--large', text('confirm'));
      confirm.type = 'button';
      article.appendChild(confirm);
    } else if (shown.checkIn && shown.checkIn.undoable) {
      // Only the door's own slip, just made, and as a small second action (undo-window.ts): what the card says is
      // "do not admit again".
      var line = el('p', 'ticket-card__undo', text('undo-hint') + text('word-space'));
      line.appendChild(actions.undo('link-button', text('undo-this')));
      article.appendChild(line);
    }
    badgeLink(article, shown);
    return { article: article, confirm: confirm };
  }

  return { el: el, text: text, notice: notice, card: card };
};

import type { EventLabel } from './addon';
import type { Language } from './language';

/**
 * Whether a person most likely made an open or a click (T9). A Gmail image-proxy fetch is the reader opening the
 * message (Gmail fetches on open, not on delivery), so a proxy open counts as the person's; a proxy never clicks.
 * Every view and count of people against machines goes through this one rule. An uncertain event keeps its best
 * guess here: an uncertain person's open is counted and notified, and shown as uncertain (docs/labels.md).
 */
export function madeByPerson(kind: 'open' | 'click', label: EventLabel): boolean {
  return label === 'human' || (kind === 'open' && label === 'proxy');
}

/** Names of the networks and agents the classifier reports in its reasons (`rule:detail`), in each language. */
const NAMES: Record<Language, Record<string, string>> = {
  en: {
    google: "Google's image proxy",
    yahoo: "Yahoo's image proxy",
    seznam: "Seznam's image proxy",
    rambler: "Rambler's image proxy",
    ukrnet: "ukr.net's image proxy",
    'outlook-web': "Outlook on the web's image proxy",
    microsoft: "Microsoft's mail security (Exchange Online Protection, Defender)",
    proofpoint: "Proofpoint's mail security",
    mimecast: "Mimecast's mail security",
    barracuda: "Barracuda's mail security",
    symantec: "Symantec's mail security",
    cisco: "Cisco's mail security",
    aws: 'Amazon Web Services',
    gcp: 'Google Cloud',
    azure: 'Microsoft Azure',
    'trend-micro': "Trend Micro's mail security",
    fortinet: "Fortinet's mail security",
    sophos: "Sophos's mail security",
    kaspersky: "Kaspersky's link checker",
    'ms-office': 'an Office app checking the link before opening the browser',
    'headless-browser': 'a headless browser (an automated one)',
    'link-preview': 'a link-preview robot (chat or social app)',
    'http-library': 'a programming library, not a browser',
    'google-fetcher': "one of Google's own robots (safety check, link sampling, Apps Script)",
    crawler: 'a crawler robot',
  },
  fr: {
    google: "le proxy d'images de Google",
    yahoo: "le proxy d'images de Yahoo",
    seznam: "le proxy d'images de Seznam",
    rambler: "le proxy d'images de Rambler",
    ukrnet: "le proxy d'images d'ukr.net",
    'outlook-web': "le proxy d'images d'Outlook sur le web",
    microsoft: 'la sécurité de messagerie de Microsoft (Exchange Online Protection, Defender)',
    proofpoint: 'la sécurité de messagerie de Proofpoint',
    mimecast: 'la sécurité de messagerie de Mimecast',
    barracuda: 'la sécurité de messagerie de Barracuda',
    symantec: 'la sécurité de messagerie de Symantec',
    cisco: 'la sécurité de messagerie de Cisco',
    aws: 'Amazon Web Services',
    gcp: 'Google Cloud',
    azure: 'Microsoft Azure',
    'trend-micro': 'la sécurité de messagerie de Trend Micro',
    fortinet: 'la sécurité de messagerie de Fortinet',
    sophos: 'la sécurité de messagerie de Sophos',
    kaspersky: 'le vérificateur de liens de Kaspersky',
    'ms-office': "une application Office qui vérifie le lien avant d'ouvrir le navigateur",
    'headless-browser': 'un navigateur sans interface (automatisé)',
    'link-preview': "un robot d'aperçu de liens (messagerie instantanée ou réseau social)",
    'http-library': 'une bibliothèque de programmation, pas un navigateur',
    'google-fetcher': 'un des robots de Google (contrôle de sécurité, échantillonnage de liens, Apps Script)',
    crawler: "un robot d'exploration",
  },
};

type Reason = { rule: string; detail: string };
const parse = (reason: string): Reason => {
  const at = reason.indexOf(':');
  return at < 0 ? { rule: reason, detail: '' } : { rule: reason.slice(0, at), detail: reason.slice(at + 1) };
};
const secondsText = (detail: string) => `${detail.replace(/s$/, '')} s`;

/** What explainLabel says in one language: each rule's sentence, and the phrases that join them. */
type Words = {
  rule: Record<string, (detail: string, kind: 'open' | 'click', name: (key: string) => string) => string>;
  ordinary: (kind: 'open' | 'click') => string;
  proxySoon: (seconds: string, proxy: string) => string;
  prefetchSoon: (main: string) => string;
  clickSoon: (main: string) => string;
  also: (sentence: string) => string;
};

const WORDS: Record<Language, Words> = {
  en: {
    rule: {
      'head-request': () => 'a HEAD request, which reads nothing: a link checker or previewer',
      'prefetch-header': () => 'the browser said it was prefetching, not showing the email',
      'gmail-prefetch-ua': () =>
        "Gmail's prefetcher, which fetches images on delivery whether the email is read or not",
      'empty-ua': () => 'sent no browser name: a script or a scanner',
      'scanner-ua': (d, _, name) => `identifies itself as ${name(d)}`,
      'apple-egress-ip': () =>
        "through Apple's Mail Privacy Protection, which downloads images on delivery whether the email is read or not",
      'apple-mpp-ua': () =>
        "through Apple's Mail Privacy Protection, which downloads images on delivery whether the email is read or not",
      'before-send': () => 'before the email was sent: your own draft',
      'sender-viewing': () => 'while your add-on showed you this thread: your own view',
      'sender-same-client': () => 'from the network and browser your own draft was shown in: probably you',
      'gateway-open': (d, _, name) => `from ${name(d)} shortly after delivery: a security check, not the reader`,
      'gateway-click': (d, _, name) => `from ${name(d)}: the gateway checks the link before sending the reader on`,
      'gateway-click-alone': (d, _, name) =>
        `from ${name(d)} long after delivery: a check at the time of a click, or the reader's click replayed by the gateway's own browser`,
      'checker-get-after-head': () => 'a GET right after a HEAD of the same link from the same network: a link checker',
      'checked-before-person': () =>
        'fetched just before a click on the same link from another network: a scanner checking it first',
      'mail-proxy': (d, _, name) => `through ${name(d)}, which fetches when the reader opens the email`,
      'open-soon-after-send': (d, kind) => `${kind === 'open' ? 'fetched' : 'clicked'} ${secondsText(d)} after sending`,
      'click-soon-after-send': (d, kind) =>
        `${kind === 'open' ? 'fetched' : 'clicked'} ${secondsText(d)} after sending`,
      'link-sweep': (d) => `${d.replace(/-links$/, '')} links clicked within seconds: a scanner walking the links`,
      'datacenter-click': (d, _, name) => {
        const [owner, signal] = d.split('+');
        const why = signal === 'burst' ? 'right after another click' : 'soon after sending';
        return `from a ${name(owner)} server ${why}: probably a scanner, though people do browse through cloud desktops`;
      },
      'click-timing-unclear': (d) =>
        `clicked ${secondsText(d)} after sending, when scanners and quick readers both click`,
      'confirmed-by-later-open': () => 'the reader opened it again later from another network',
    },
    ordinary: (kind) =>
      kind === 'open' ? 'an ordinary email client opening it' : 'an ordinary browser following the link',
    proxySoon: (seconds, proxy) =>
      `fetched ${seconds} after sending, through ${proxy}: the reader, or probably your own Sent view if you were looking at it`,
    prefetchSoon: (main) => `${main}: probably a prefetch or your own Sent view, though a quick reader looks the same`,
    clickSoon: (main) => `${main}: security gateways check links on delivery, though a quick reader looks the same`,
    also: (sentence) => `; also ${sentence}`,
  },
  fr: {
    rule: {
      'head-request': () => 'une requête HEAD, qui ne lit rien : un vérificateur ou un aperçu de liens',
      'prefetch-header': () => "le navigateur a dit qu'il préchargeait, sans afficher l'e-mail",
      'gmail-prefetch-ua': () =>
        "le préchargement de Gmail, qui récupère les images à la réception, que l'e-mail soit lu ou non",
      'empty-ua': () => 'aucun nom de navigateur : un script ou un analyseur',
      'scanner-ua': (d, _, name) => `se présente comme ${name(d)}`,
      'apple-egress-ip': () =>
        "par la protection de la confidentialité d'Apple Mail, qui télécharge les images à la réception, que l'e-mail soit lu ou non",
      'apple-mpp-ua': () =>
        "par la protection de la confidentialité d'Apple Mail, qui télécharge les images à la réception, que l'e-mail soit lu ou non",
      'before-send': () => "avant l'envoi de l'e-mail : votre propre brouillon",
      'sender-viewing': () => 'pendant que votre module vous montrait cette conversation : votre propre lecture',
      'sender-same-client': () =>
        'depuis le réseau et le navigateur où votre brouillon était affiché : probablement vous',
      'gateway-open': (d, _, name) =>
        `depuis ${name(d)} peu après la réception : un contrôle de sécurité, pas le destinataire`,
      'gateway-click': (d, _, name) =>
        `depuis ${name(d)} : la passerelle vérifie le lien avant d'y envoyer le destinataire`,
      'gateway-click-alone': (d, _, name) =>
        `depuis ${name(d)} longtemps après la réception : un contrôle au moment d'un clic, ou le clic du destinataire rejoué par le navigateur de la passerelle`,
      'checker-get-after-head': () =>
        'un GET juste après un HEAD du même lien depuis le même réseau : un vérificateur de liens',
      'checked-before-person': () =>
        "récupéré juste avant un clic sur le même lien depuis un autre réseau : un analyseur qui le vérifie d'abord",
      'mail-proxy': (d, _, name) => `par ${name(d)}, qui récupère l'image quand le destinataire ouvre l'e-mail`,
      'open-soon-after-send': (d, kind) => `${kind === 'open' ? 'récupéré' : 'cliqué'} ${secondsText(d)} après l'envoi`,
      'click-soon-after-send': (d, kind) =>
        `${kind === 'open' ? 'récupéré' : 'cliqué'} ${secondsText(d)} après l'envoi`,
      'link-sweep': (d) =>
        `${d.replace(/-links$/, '')} liens cliqués en quelques secondes : un analyseur qui parcourt les liens`,
      'datacenter-click': (d, _, name) => {
        const [owner, signal] = d.split('+');
        const why = signal === 'burst' ? 'juste après un autre clic' : "peu après l'envoi";
        return `depuis un serveur ${name(owner)} ${why} : probablement un analyseur, même si certaines personnes naviguent depuis des postes dans le cloud`;
      },
      'click-timing-unclear': (d) =>
        `cliqué ${secondsText(d)} après l'envoi, quand analyseurs et lecteurs rapides cliquent tous deux`,
      'confirmed-by-later-open': () => "le destinataire l'a rouvert plus tard depuis un autre réseau",
    },
    ordinary: (kind) =>
      kind === 'open' ? "un logiciel de messagerie ordinaire qui l'ouvre" : 'un navigateur ordinaire qui suit le lien',
    proxySoon: (seconds, proxy) =>
      `récupéré ${seconds} après l'envoi, par ${proxy} : le destinataire, ou probablement votre propre dossier Messages envoyés si vous le regardiez`,
    prefetchSoon: (main) =>
      `${main} : probablement un préchargement ou votre propre dossier Messages envoyés, même si un lecteur rapide y ressemble`,
    clickSoon: (main) =>
      `${main} : les passerelles de sécurité vérifient les liens à la réception, même si un lecteur rapide y ressemble`,
    also: (sentence) => ` ; aussi ${sentence}`,
  },
};

/**
 * Why an event got its label, in words ("fetched 3 s after sending, through Google's image proxy: probably your own
 * Sent view"), in the reader's language. The first reason decided the label; the others say what else was seen.
 */
export function explainLabel(
  kind: 'open' | 'click',
  label: EventLabel,
  uncertain: boolean,
  reasons: readonly string[],
  language: Language = 'en',
): string {
  const words = WORDS[language];
  const name = (key: string) => NAMES[language][key] ?? key;
  const sentence = (r: Reason) => words.rule[r.rule]?.(r.detail, kind, name) ?? r.rule;
  const parsed = reasons.map(parse);
  if (parsed.length === 0) return words.ordinary(kind);
  const [first, ...rest] = parsed;
  const soon = rest.find((r) => r.rule === 'open-soon-after-send');
  // The README's own case: a mail proxy within seconds of the send is the reader, or the sender's Sent view.
  if (first.rule === 'mail-proxy' && soon) return words.proxySoon(secondsText(soon.detail), name(first.detail));
  const main = sentence(first);
  if (first.rule === 'open-soon-after-send' && label === 'prefetch') return words.prefetchSoon(main);
  if (first.rule === 'click-soon-after-send') return words.clickSoon(main);
  return uncertain && rest.length ? `${main}${words.also(sentence(rest[0]))}` : main;
}

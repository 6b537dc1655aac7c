/**
 * The classifier's thresholds, in seconds. The defaults come from what trackers and ESPs report (sources in
 * docs/labels.md); an operator can override any of them.
 */
export type ClassifyConfig = {
  /** An open this soon after the send is a prefetch or the sender's own Gmail showing the sent message (T8, T9). */
  openAfterSendSeconds: number;
  /** A click this soon after the send is a security gateway walking the links at delivery (Collie 1.5 s, Mautic 2 s, Safe Links often more). */
  clickAfterSendSeconds: number;
  /** Clicks on distinct links of one email within this many seconds of each other form a sweep… */
  sweepWindowSeconds: number;
  /** …when they cover every link of the email, or at least this many links. */
  sweepMinLinks: number;
  /** A click from a data-centre address is a scanner if it also comes this soon after the send… */
  datacenterAfterSendSeconds: number;
  /** …or this close to another click on the same email. */
  datacenterBurstSeconds: number;
  /** A click between clickAfterSendSeconds and this, with nothing else to go on, is an uncertain person's. */
  clickUnclearSeconds: number;
  /** Every link of an email with sweepMinLinks or more, clicked within this many seconds, is a sweep… */
  sweepAllLinksSeconds: number;
  /** …and so are both links of a two-link email clicked within this many seconds. */
  sweepPairSeconds: number;
  /** A GET this soon after a HEAD of the same link from the same network is the same checker. */
  checkerAfterHeadSeconds: number;
  /** A click followed this soon by a click of the same link from another network was a scanner checking first. */
  checkedBeforePersonSeconds: number;
  /** A person's open this long after an open that only timing made doubtful, from another network, settles it. */
  confirmAfterSeconds: number;
  /** An open this long after the sender's add-on reported viewing the thread is the sender's. */
  selfAfterViewSeconds: number;
  /** The report may also come this long after the open: Gmail's image proxy is faster than an add-on call. */
  selfBeforeViewSeconds: number;
};

export const DEFAULT_CLASSIFY_CONFIG: Readonly<ClassifyConfig> = Object.freeze({
  openAfterSendSeconds: 5,
  clickAfterSendSeconds: 10,
  sweepWindowSeconds: 5,
  sweepMinLinks: 3,
  datacenterAfterSendSeconds: 120,
  datacenterBurstSeconds: 10,
  clickUnclearSeconds: 60,
  sweepAllLinksSeconds: 30,
  sweepPairSeconds: 2,
  checkerAfterHeadSeconds: 10,
  checkedBeforePersonSeconds: 3,
  confirmAfterSeconds: 1800,
  selfAfterViewSeconds: 10,
  selfBeforeViewSeconds: 5,
});

/** Applies overrides (e.g. from the server's config file), refusing values that are not plain non-negative numbers. */
export function classifyConfig(overrides: Record<string, unknown> = {}): ClassifyConfig {
  const config: ClassifyConfig = { ...DEFAULT_CLASSIFY_CONFIG };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in config))
      throw new Error(`unknown tracking threshold "${key}"; known: ${Object.keys(config).join(', ')}`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(
        `tracking threshold ${key} must be a number of seconds (0 or more), not ${JSON.stringify(value)}`,
      );
    }
    config[key as keyof ClassifyConfig] = value;
  }
  if (config.sweepMinLinks < 2 || !Number.isInteger(config.sweepMinLinks))
    throw new Error('tracking threshold sweepMinLinks must be a whole number, 2 or more');
  return config;
}

// A local newsroom for the end-to-end tests: RSS feeds on 127.0.0.1 whose items a test publishes
// while Herald runs, and the reports the tests publish (copyright-law stories that the shipped
// topic rules classify and the story index keeps apart, or joins when two outlets report one event).
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';

/** One report as a feed carries it. */
export interface Report {
  guid: string;
  title: string;
  body: string;
  link: string;
  published: Date;
}

/** The feed server and what each feed currently lists. */
export interface NewsDesk {
  readonly server: FeedServer;
  /** The feed's URL (for feeds.yaml). */
  url(feed: string): string;
  /** Adds reports to the top of a feed; the next poll sees them. */
  publish(feed: string, ...reports: Report[]): void;
  /** How many times Herald fetched the feed so far. */
  fetches(feed: string): number;
  close(): Promise<void>;
}

/** Starts a desk with the given feeds (path → title), each listing one old report (history, never news). */
export async function startNewsDesk(feeds: Record<string, string>): Promise<NewsDesk> {
  const listed = new Map<string, Report[]>();
  const server = await startFeedServer();
  for (const [path, title] of Object.entries(feeds)) {
    const slug = path.replace(/\W+/g, '');
    listed.set(path, [{ guid: `${slug}-archive`, title: `${title} archive: gardening tips for spring`, body: 'Tomatoes, roses and a village fair.', link: `https://${slug}.example/archive`, published: hoursAgo(48) }]);
    // Rendered at each request, so a publish shows up at the next poll.
    server.route(path, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(renderRss(title, listed.get(path) ?? []));
    });
  }
  return {
    server,
    url: (feed) => server.url(feed),
    publish(feed, ...reports) {
      const current = listed.get(feed);
      if (current === undefined) throw new Error(`news desk: no feed ${feed}`);
      current.unshift(...reports);
    },
    fetches: (feed) => server.requests.filter((request) => request.path === feed).length,
    close: () => server.close(),
  };
}

function hoursAgo(hours: number): Date {
  return new Date(Date.now() - hours * 3_600_000);
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function renderRss(title: string, reports: readonly Report[]): string {
  const items = reports
    .map(
      (r) =>
        `<item><guid isPermaLink="false">${escapeXml(r.guid)}</guid><title>${escapeXml(r.title)}</title><link>${escapeXml(r.link)}</link>` +
        `<pubDate>${r.published.toUTCString()}</pubDate><description>${escapeXml(r.body)}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escapeXml(title)}</title><link>https://news.example/</link>\n${items}\n</channel></rss>\n`;
}

/** The event the loop tests follow, as the first outlet reports it. */
export function blockingOrder(): Report {
  return {
    guid: 'wire-a-pirate-bay',
    title: 'High Court orders UK internet providers to block The Pirate Bay',
    body:
      'The High Court in London ordered Sky, BT, Virgin Media and TalkTalk to block access to The Pirate Bay after record labels represented by the BPI argued the site infringes copyright on a massive scale. ' +
      'Justice Arnold said the blocking injunction was proportionate.',
    link: 'https://wire-a.example/2026/high-court-pirate-bay-block',
    published: new Date(),
  };
}

/** The same event from a second outlet (joins the first report's story). */
export function blockingOrderFollowUp(): Report {
  return {
    guid: 'wire-b-pirate-bay',
    title: 'UK ISPs must block The Pirate Bay, High Court rules',
    body:
      "Britain's biggest internet service providers, including Sky, BT and Virgin Media, must block The Pirate Bay, the High Court in London ruled on Monday in a copyright case brought by the BPI on behalf of record labels. " +
      'Justice Arnold granted the injunction.',
    link: 'https://wire-b.example/news/isps-must-block-pirate-bay',
    published: new Date(),
  };
}

// Twenty different events, each a copyright-law story of its own (checked with `herald analyze`).
const BURST: ReadonlyArray<readonly [string, string]> = [
  ['Court in Madrid orders blocking of torrent site Elitetorrent', 'A Spanish court ordered internet providers to block Elitetorrent after a copyright complaint by film distributors.'],
  ['Dutch court tells Ziggo to block The Pirate Bay', 'The court in The Hague ruled that Ziggo must block The Pirate Bay to stop copyright infringement, at the request of BREIN.'],
  ['Italian regulator Agcom blocks 30 pirate IPTV domains', 'Agcom ordered providers in Italy to block IPTV piracy domains streaming Serie A matches without a licence.'],
  ['Japanese publishers win copyright lawsuit against manga piracy site Mangamura', 'A Tokyo court ordered the operator of Mangamura to pay damages to Shueisha, Kodansha and Shogakukan for copyright infringement.'],
  ['Indian High Court issues dynamic injunction against movie piracy websites', 'The Delhi High Court granted Bollywood studios a dynamic injunction ordering ISPs to block mirror sites that infringe copyright.'],
  ['Australian Federal Court orders ISPs to block Kickass Torrents proxies', 'Telstra and Optus must block Kickass Torrents proxies after Village Roadshow won a site-blocking copyright case in Sydney.'],
  ['French Arcom delists sports piracy streams in Paris ruling', 'A Paris court asked Arcom to order the blocking of sports streaming piracy sites that infringe the copyright of Canal+.'],
  ['German court holds YouTube liable in Frankfurt copyright case', 'Judges in Frankfurt ruled on platform liability for copyright infringement of music uploads under the German copyright act.'],
  ['Brazilian police shut down pirate music site in Sao Paulo copyright raid', 'Operation 404 in Sao Paulo took down pirate music websites for copyright infringement, seizing servers.'],
  ['Canadian Federal Court approves first site-blocking order against GoldTV', 'Bell, Rogers and Videotron obtained an order in Ottawa to block GoldTV, an unlicensed IPTV service infringing copyright.'],
  ['Korean copyright commission blocks webtoon piracy site Bamtoki', 'The Korea Copyright Protection Agency in Seoul moved to block Bamtoki, a webtoon piracy site.'],
  ['Irish High Court orders Eircom to block Kodi add-on servers', 'Premier League won a blocking order in Dublin against servers streaming matches in breach of copyright.'],
  ['Swedish court convicts operator of Dreamfilm for copyright infringement', 'A court in Stockholm sentenced the Dreamfilm operators to prison for copyright infringement of films.'],
  ['Russian court permanently blocks RuTracker under anti-piracy law', 'The Moscow City Court ordered RuTracker blocked for good at the request of the publisher Eksmo over copyright.'],
  ['Mexican judge fines Cuevana operator over film copyright', 'A judge in Mexico City fined the operator of Cuevana for streaming films in violation of copyright.'],
  ['Danish rights group Rights Alliance blocks 100 piracy domains in Copenhagen', 'Rights Alliance got a court order in Copenhagen requiring Danish ISPs to block piracy domains infringing copyright.'],
  ['Portuguese ISPs block 330 pirate sites under MAPiNET deal in Lisbon', 'Under a voluntary agreement in Lisbon, providers block pirate sites flagged by MAPiNET for copyright infringement.'],
  ['Norwegian court orders Telenor to block Popcorn Time sites', 'The Oslo district court ordered Telenor to block Popcorn Time websites after a copyright case by film studios.'],
  ['Turkish authorities block Z-Library mirrors over Istanbul copyright complaint', 'Publishers in Istanbul obtained an order against Z-Library mirrors for copyright infringement of books.'],
  ['South African court fines Durban streaming pirate over copyright', 'A Durban court fined a man who ran a pirate sports streaming service in breach of copyright of SuperSport.'],
];

/** `count` (at most 20) unrelated copyright-law reports, newest last. */
export function burstOfStories(count: number): Report[] {
  const now = Date.now();
  return BURST.slice(0, count).map(([title, body], i) => ({
    guid: `burst-${i}`,
    title,
    body,
    link: `https://wire-a.example/burst/${i}`,
    published: new Date(now - (count - i) * 1_000),
  }));
}

/**
 * Demo data: a small but believable service desk (service levels, agents, customers,
 * ~600 tickets over the last 90 days with their interactions and history).
 *
 * Deterministic: every choice comes from a seeded PRNG, and times are offsets from
 * `app.clock.now()`. Rows are built in memory and written with one statement per table
 * (json_populate_recordset), all in one transaction.
 */
import type { EntityManager } from 'typeorm';
import { seedDemoKnowledge } from './demo-knowledge';
import { seedDemoStock } from './demo-stock';
import type { App } from '../app/app';
import { EVENT_LOCK_KEY } from '../events/types';
import { log } from '../logger';
import {
  Channel,
  ContactReason,
  CustomerTier,
  Direction,
  Priority,
  Role,
  RootCause,
  SlaState,
  TicketKind,
  TicketStatus,
} from '../modules/common/enums';
import type { BusinessHours, ServiceLevel, SlaTarget } from '../modules/sla/service-level.entity';
import { alertInstants, planClock, type AlertKey } from '../modules/sla/sla.service';
import type { Ticket } from '../modules/tickets/ticket.entity';
import { TICKET_TOPIC, ticketSnapshot } from '../modules/tickets/ticket.events';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** advisory lock key: two hubs starting on one empty database seed once */
const SEED_LOCK = 0x53_47_53_44; // "SGSD"

export const DEMO_SEED = 20240917;
export const DEMO_CUSTOMERS = 300;
export const DEMO_TICKETS = 600;
export const DEMO_LOOSE_INTERACTIONS = 160;
export const DEMO_DAYS = 90;

// ---------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------

/** mulberry32: small, fast, good enough for demo data; never Math.random. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  /** log-uniform in [lo, hi]: most values near lo, a long tail towards hi */
  logBetween(lo: number, hi: number): number {
    return Math.exp(this.between(Math.log(lo), Math.log(hi)));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of pairs) {
      if ((r -= w) < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  }
  uuid(): string {
    const b: number[] = [];
    for (let i = 0; i < 16; i++) b.push(Math.floor(this.next() * 256));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

// ---------------------------------------------------------------------------
// Catalogue: people, organisations, products, support topics
// ---------------------------------------------------------------------------

export interface Locale {
  lang: string;
  weight: number;
  /** international dialling code */
  cc: string;
  phone: (rng: Rng) => string;
  first: string[];
  last: string[];
}

const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');

export const LOCALES: Locale[] = [
  {
    lang: 'de',
    weight: 46,
    cc: '+49',
    phone: (r) => `+49 ${r.pick(['151', '152', '160', '170', '176', '30', '40', '89', '221', '69'])} ${digits(r, 7)}`,
    first: ['Anna', 'Lukas', 'Sophie', 'Jonas', 'Marie', 'Felix', 'Lena', 'Paul', 'Emma', 'Leon', 'Hannah', 'Elias', 'Laura', 'Ben', 'Julia', 'Finn', 'Sarah', 'Tim', 'Katharina', 'Moritz', 'Clara', 'Tobias', 'Nina', 'Jan', 'Sabine', 'Thomas', 'Petra', 'Andreas', 'Ursula', 'Michael', 'Birgit', 'Stefan'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Schwarz', 'Braun', 'Zimmermann', 'Hartmann', 'Krüger', 'Lange', 'Werner', 'Krause', 'Lehmann', 'Köhler', 'Frank', 'Berger', 'Vogt', 'Jäger', 'Roth'],
  },
  {
    lang: 'de-AT',
    weight: 7,
    cc: '+43',
    phone: (r) => `+43 ${r.pick(['660', '664', '676', '699', '1'])} ${digits(r, 7)}`,
    first: ['Florian', 'Magdalena', 'Lorenz', 'Valentina', 'Johanna', 'Maximilian', 'Theresa', 'Sebastian', 'Katrin', 'Georg'],
    last: ['Gruber', 'Huber', 'Bauer', 'Wagner', 'Pichler', 'Steiner', 'Moser', 'Mayer', 'Hofer', 'Leitner', 'Berger', 'Fuchs'],
  },
  {
    lang: 'en',
    weight: 10,
    cc: '+44',
    phone: (r) => `+44 ${r.pick(['7700', '7911', '7400', '20', '161'])} ${digits(r, 6)}`,
    first: ['Oliver', 'Charlotte', 'James', 'Amelia', 'Harry', 'Isla', 'George', 'Emily', 'Jack', 'Grace', 'Daniel', 'Chloe'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'Hughes'],
  },
  {
    lang: 'fr',
    weight: 7,
    cc: '+33',
    phone: (r) => `+33 ${r.pick(['6', '7', '1'])} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`,
    first: ['Camille', 'Hugo', 'Léa', 'Louis', 'Chloé', 'Gabriel', 'Manon', 'Arthur', 'Inès', 'Jules'],
    last: ['Dubois', 'Martin', 'Bernard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Lefèvre', 'Girard', 'Fontaine'],
  },
  {
    lang: 'es',
    weight: 5,
    cc: '+34',
    phone: (r) => `+34 ${r.pick(['6', '7', '91'])}${digits(r, 2)} ${digits(r, 3)} ${digits(r, 3)}`,
    first: ['Sofía', 'Javier', 'Lucía', 'Alejandro', 'Carmen', 'Pablo', 'Marta', 'Diego'],
    last: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Romero', 'Navarro', 'Torres'],
  },
  {
    lang: 'it',
    weight: 5,
    cc: '+39',
    phone: (r) => `+39 3${digits(r, 2)} ${digits(r, 3)} ${digits(r, 4)}`,
    first: ['Giulia', 'Marco', 'Chiara', 'Matteo', 'Francesca', 'Luca', 'Alessia', 'Davide'],
    last: ['Rossi', 'Russo', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco'],
  },
  {
    lang: 'tr',
    weight: 8,
    cc: '+49',
    phone: (r) => `+49 ${r.pick(['151', '157', '162', '178'])} ${digits(r, 7)}`,
    first: ['Mehmet', 'Elif', 'Ayşe', 'Emre', 'Zeynep', 'Can', 'Deniz', 'Murat', 'Selin', 'Burak'],
    last: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk', 'Arslan', 'Doğan', 'Aydın', 'Koç'],
  },
  {
    lang: 'pl',
    weight: 6,
    cc: '+48',
    phone: (r) => `+48 ${r.pick(['5', '6', '7'])}${digits(r, 2)} ${digits(r, 3)} ${digits(r, 3)}`,
    first: ['Piotr', 'Agnieszka', 'Katarzyna', 'Tomasz', 'Magdalena', 'Krzysztof', 'Joanna', 'Michał'],
    last: ['Kowalski', 'Nowak', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Lewandowska', 'Zielińska', 'Szymański'],
  },
  {
    lang: 'nl',
    weight: 6,
    cc: '+31',
    phone: (r) => `+31 6 ${digits(r, 8)}`,
    first: ['Daan', 'Sanne', 'Bram', 'Fleur', 'Sem', 'Lotte', 'Thijs', 'Eva'],
    last: ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'van Dijk', 'de Boer', 'Mulder'],
  },
];

export const ENTERPRISE_ORGS = ['Nordwind Logistik GmbH', 'Alpenblick Hotels AG', 'Rheinblick Kliniken gGmbH', 'Hansa Wohnbau eG', 'Maison Lefèvre Hôtellerie SA', 'Stadtwerke Feldberg'];
export const PREMIUM_ORGS = [
  'Brauhaus Keller KG', 'Café Morgenrot', 'Praxis Dr. Weiss', 'Lumen Architekten', 'Fitnesswerk Süd', 'Grünwerk Gartenbau',
  'Trattoria Da Gino', 'Van Dijk Installatie BV', 'Brightside Cowork Ltd', 'Kaya Gastronomie GmbH', 'Zentrum Physio Plus',
  'Hostal Las Palmeras', 'Kita Sonnenschein e.V.', 'Atelier Vogt',
];
export const SMALL_ORGS = [
  'Bäckerei Vollkorn', 'Friseur Schnittpunkt', 'Blumen Haas', 'Pension Seeblick', 'Kowalczyk Usługi', 'Tischlerei Brandl',
  'Weinbar Korken', 'Yoga Raum Mitte', 'Boulangerie Petit', 'Eiscafé Venezia', 'Copyshop Campus', 'Hundesalon Wuff',
];
export const CONSUMER_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example', 'web.example', 'inbox.example'];

/** "Müller" → "mueller", "Yılmaz" → "yilmaz", "de Vries" → "devries" */
export function asciiSlug(s: string): string {
  return s
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss').replace(/ı/g, 'i').replace(/ł/g, 'l').replace(/Ł/g, 'L')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

export const orgDomain = (org: string) => org.split(/\s+/).slice(0, 2).map(asciiSlug).filter(Boolean).join('-') + '.example';

interface Product {
  name: string;
  model: string;
  codes: string[];
  faults: string[];
}

const PRODUCTS: Product[] = [
  { name: 'washing machine', model: 'WM 8 Eco', codes: ['E21', 'E18', 'F05'], faults: ['does not spin', 'does not drain', 'door will not unlock', 'bangs loudly during the spin cycle'] },
  { name: 'dishwasher', model: 'DW 600', codes: ['E15', 'E24', 'E09'], faults: ['does not drain', 'leaves the dishes wet', 'leaks onto the floor', 'stops mid-programme'] },
  { name: 'fridge-freezer', model: 'KG 36', codes: ['F2-1', 'A1'], faults: ['stopped cooling', 'builds up ice in the freezer', 'buzzes loudly', 'beeps constantly'] },
  { name: 'tumble dryer', model: 'TD 9 HeatPump', codes: ['F0-1', 'E-32'], faults: ['leaves the clothes damp', 'stops after ten minutes', 'shows the condenser warning all the time'] },
  { name: 'coffee machine', model: 'Barista One', codes: ['E7', 'E03'], faults: ['leaks water from the bottom', 'grinder is blocked', 'makes lukewarm coffee', 'milk frother stopped working'] },
  { name: 'robot vacuum', model: 'RV 40', codes: ['Error 2', 'Error 5'], faults: ['does not return to the dock', 'side brush does not turn', 'battery drains in 15 minutes'] },
  { name: 'oven', model: 'BO 500 Pyro', codes: ['E011', 'F14'], faults: ['does not heat up', 'door stays locked after pyrolysis', 'fan is very loud'] },
  { name: 'induction hob', model: 'IH 60', codes: ['ER03', 'U400'], faults: ['switches off randomly', 'touch controls do not respond', 'front left zone does not heat'] },
  { name: 'smart TV', model: 'QL 55', codes: ['E-203', 'E-105'], faults: ['keeps losing Wi-Fi', 'shows no picture, only sound', 'apps crash since the update'] },
  { name: 'soundbar', model: 'SB 300', codes: ['E-12'], faults: ['has no sound via HDMI ARC', 'subwoofer does not pair', 'remote does not work'] },
];

const STORES = ['Berlin Mitte', 'Hamburg Altona', 'München Ost', 'Köln Ehrenfeld', 'Wien Landstraße', 'Frankfurt Zeil'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ACCESSORIES = ['the stacking kit', 'a 60 cm niche', 'our old water connection', 'the wall mount', 'the smart-home app', 'a 3-pin adapter'];

interface Topic {
  kind: TicketKind;
  reason: ContactReason;
  weight: number;
  /** what the customer writes: subject and description, with {placeholders} */
  items: [string, string][];
  /** the agent's first reply */
  replies: string[];
  outcomes: [RootCause, string][];
}

/** Support topics by kind and reason: what customers write, what agents answer, how it ends. */
export const TOPICS: Topic[] = [
  // QUESTION
  {
    kind: TicketKind.QUESTION, reason: ContactReason.PURCHASE, weight: 7,
    items: [
      ['Is the {model} {product} compatible with {accessory}?', 'I am thinking about buying the {model} {product}. Does it work with {accessory}? The product page does not say.'],
      ['Difference between the {model} and the Pro model?', 'Both {product}s look almost the same to me. What do I get for the higher price?'],
      ['Extended warranty for the {product}?', 'Can I buy an extended warranty for a {model} {product} I bought in {month}?'],
      ['Is the {model} in stock at {store}?', 'I would like to pick up a {model} {product} this week. Is one available at the {store} store?'],
    ],
    replies: ['Answered the product question and sent the spec sheet', 'Checked availability and explained delivery options'],
    outcomes: [[RootCause.NO_FAULT, 'Answered the question and sent the product data sheet; no further action needed.'], [RootCause.CUSTOMER_EDUCATION, 'Explained the differences between the models and the warranty options.']],
  },
  {
    kind: TicketKind.QUESTION, reason: ContactReason.BILLING, weight: 5,
    items: [
      ['Question about VAT on invoice {invoice}', 'Invoice {invoice} shows a VAT rate I did not expect. Can you explain it?'],
      ['How do instalment payments work?', 'I would like to pay my new {product} in instalments. How does that work and what does it cost?'],
      ['Why does invoice {invoice} show two line items?', 'I only bought one {product}, but invoice {invoice} has two positions. What is the second one?'],
      ['When is the direct debit for {month} collected?', 'I need to know the date so my account is covered. Thank you.'],
    ],
    replies: ['Explained the invoice positions', 'Explained the billing cycle and payment dates'],
    outcomes: [[RootCause.CUSTOMER_EDUCATION, 'Explained the invoice line by line; the second item is the delivery and installation service.'], [RootCause.COMMUNICATION_GAP, 'Clarified the billing dates; FAQ article on instalments updated to be clearer.']],
  },
  {
    kind: TicketKind.QUESTION, reason: ContactReason.DELIVERY, weight: 6,
    items: [
      ['When will order #{order} arrive?', 'I ordered a {product} last week and still have no delivery date. Order #{order}.'],
      ['Change delivery address for order #{order}', 'I will be at my parents’ place next week. Can order #{order} be delivered there instead?'],
      ['Tracking link for order #{order} not working', 'The tracking link in the shipping email shows an error page.'],
      ['Can the courier deliver on a Saturday?', 'I work during the week. Is a Saturday delivery possible for order #{order}?'],
    ],
    replies: ['Checked the shipment status with the carrier', 'Updated the delivery instructions'],
    outcomes: [[RootCause.NO_FAULT, 'Shared the delivery slot from the carrier; parcel delivered as planned.'], [RootCause.THIRD_PARTY, 'Carrier tracking page was down; sent the delivery date manually.']],
  },
  {
    kind: TicketKind.QUESTION, reason: ContactReason.ACCOUNT, weight: 3,
    items: [
      ['How do I add a second user to my account?', 'My partner should also be able to see our orders. Where do I set that up?'],
      ['Where can I download past invoices?', 'I need last year’s invoices for my tax return and cannot find them in the portal.'],
      ['How do I register my {product} for warranty?', 'The leaflet mentions online registration, but the link does not work for the {model}.'],
    ],
    replies: ['Sent step-by-step instructions for the portal'],
    outcomes: [[RootCause.CUSTOMER_EDUCATION, 'Walked the customer through the portal; they found the option.']],
  },
  {
    kind: TicketKind.QUESTION, reason: ContactReason.OTHER, weight: 2,
    items: [
      ['Opening hours of the {store} store over the holidays', 'Quick question, see subject. Thank you!'],
      ['Do you take back old appliances for recycling?', 'We are replacing our old {product}. Can you take the old one?'],
      ['Do you offer installation of a {product}?', 'I am not confident connecting the {product} myself. Do you offer installation and what does it cost?'],
    ],
    replies: ['Answered the question'],
    outcomes: [[RootCause.NO_FAULT, 'Answered the question; no further action needed.']],
  },
  // INCIDENT
  {
    kind: TicketKind.INCIDENT, reason: ContactReason.TROUBLESHOOTING, weight: 16,
    items: [
      ['{Product} {code} error', 'Since yesterday the {model} {product} stops and shows {code}. I already unplugged it for ten minutes, no change.'],
      ['{Product} shows error {code}', 'The display shows {code} and nothing works anymore. Please help, we use it every day.'],
      ['{Product} {fault}', 'Our {model} {product} {fault}. It is about a year old. What can I do?'],
      ['{Product} will not turn on after a power cut', 'We had a power cut last night and since then the {model} {product} is completely dead. The fuse is fine.'],
      ['App cannot connect to the {product}', 'The app says the {model} {product} is offline although it is on the same Wi-Fi as my phone.'],
    ],
    replies: ['Sent troubleshooting steps for the error', 'Asked for the serial number and a photo of the type plate', 'Guided the customer through a reset over the phone'],
    outcomes: [
      [RootCause.CUSTOMER_EDUCATION, 'Walked the customer through the filter cleaning and reset; the {product} works normally again.'],
      [RootCause.PRODUCT_DEFECT, 'Faulty sensor confirmed; replacement part sent under warranty and fitted by the customer.'],
      [RootCause.THIRD_PARTY, 'The router firmware blocked the connection; provided settings that fix it.'],
      [RootCause.PRODUCT_DEFECT, 'Firmware bug; pushed the fixed firmware version and confirmed with the customer.'],
    ],
  },
  {
    kind: TicketKind.INCIDENT, reason: ContactReason.ACCOUNT, weight: 3,
    items: [
      ['Cannot log in – password reset email never arrives', 'I tried three times today, nothing arrives, also not in spam. Please reset my access.'],
      ['Two-factor code not accepted', 'The portal keeps rejecting my code although the time on my phone is correct.'],
      ['Customer portal shows someone else’s address', 'When I log in I see an address in another city, not mine. Please check this urgently.'],
    ],
    replies: ['Verified identity and reset the login', 'Asked for details to reproduce the login problem'],
    outcomes: [[RootCause.THIRD_PARTY, 'Email provider rejected our messages; whitelisted the sender and reset the password manually.'], [RootCause.PROCESS_ERROR, 'Address data was merged wrongly during a migration; corrected the record and reported it.']],
  },
  {
    kind: TicketKind.INCIDENT, reason: ContactReason.BILLING, weight: 2,
    items: [
      ['Online payment fails with "card declined"', 'My card works everywhere else, but your checkout declines it for order #{order}.'],
      ['Checkout stuck at the payment step', 'The page keeps loading after I confirm the payment. I do not want to be charged twice.'],
    ],
    replies: ['Checked the payment logs'],
    outcomes: [[RootCause.THIRD_PARTY, 'Payment provider had an outage; the customer paid successfully after it was resolved.']],
  },
  // COMPLAINT
  {
    kind: TicketKind.COMPLAINT, reason: ContactReason.BILLING, weight: 5,
    items: [
      ['Invoice charged twice for {month}', 'I was charged {amount} twice for {month}. Please refund the duplicate immediately.'],
      ['Charged full price despite {percent}% voucher', 'I entered my {percent}% voucher at checkout, but the full price of {amount} was charged.'],
      ['Refund for order #{order} still missing after 3 weeks', 'I returned the {product} three weeks ago and still have not received my {amount}. This is not acceptable.'],
      ['Direct debit taken although I paid by card', 'I paid {amount} by card and now the same amount was also taken from my bank account.'],
    ],
    replies: ['Apologised and checked the payment records', 'Confirmed the duplicate charge and started the refund'],
    outcomes: [[RootCause.BILLING_ERROR, 'Duplicate charge of {amount} refunded; corrected invoice sent.'], [RootCause.PROCESS_ERROR, 'Refund step had been skipped; {amount} released and the checklist updated.']],
  },
  {
    kind: TicketKind.COMPLAINT, reason: ContactReason.DELIVERY, weight: 3,
    items: [
      ['Delivery missed although I stayed home all day', 'I took a day off for the delivery of order #{order} and nobody came. Nobody informed me either.'],
      ['Parcel left outside in the rain', 'The {product} was left at the door in the rain. The box is soaked.'],
      ['Courier refused to carry the {product} upstairs', 'Delivery with carry-in was paid for order #{order}, but the driver left the {product} at the front door.'],
    ],
    replies: ['Apologised and opened a claim with the carrier'],
    outcomes: [[RootCause.DELIVERY_FAILURE, 'Re-delivery booked with a two-hour window and delivery fee refunded.'], [RootCause.THIRD_PARTY, 'Carrier investigation confirmed the driver error; goodwill voucher of 25 EUR sent.']],
  },
  {
    kind: TicketKind.COMPLAINT, reason: ContactReason.REPAIR, weight: 2,
    items: [
      ['Technician did not show up on {pastDate}', 'I waited all morning for the technician to repair our {product}. Nobody came and nobody called.'],
      ['Same fault again two weeks after the repair of my {product}', 'The {model} {product} was repaired recently and now shows {code} again.'],
    ],
    replies: ['Apologised and escalated to the field service lead'],
    outcomes: [[RootCause.PROCESS_ERROR, 'Appointment rebooked with priority and an apology voucher of 20 EUR sent.'], [RootCause.PRODUCT_DEFECT, 'Second repair replaced the control board; the fault has not returned.']],
  },
  {
    kind: TicketKind.COMPLAINT, reason: ContactReason.FEEDBACK, weight: 2,
    items: [
      ['Waited 45 minutes on the hotline', 'I called three times today and gave up after 45 minutes each time. This is no service.'],
      ['Nobody answers my emails about order #{order}', 'This is the third time I am writing about order #{order}. I expect an answer.'],
      ['Unfriendly staff at the {store} store', 'I want to complain about how I was treated at the {store} store when I asked about a {product}.'],
    ],
    replies: ['Apologised and called the customer back'],
    outcomes: [[RootCause.COMMUNICATION_GAP, 'Called the customer back, apologised and gave a direct contact for follow-ups.'], [RootCause.PROCESS_ERROR, 'Emails were routed to the wrong queue; routing fixed and the original request answered.']],
  },
  // REPAIR
  {
    kind: TicketKind.REPAIR, reason: ContactReason.REPAIR, weight: 14,
    items: [
      ['Warranty repair: {product} {fault}', 'Our {model} {product} {fault}. It is still under warranty (bought in {month}). Please send a technician.'],
      ['Door seal of the {product} is torn', 'The rubber seal of our {model} {product} is torn and water gets out. Can you replace it?'],
      ['Broken door hinge on the {model} {product}', 'The lower hinge broke and the door no longer closes properly.'],
      ['{Product} makes a loud grinding noise', 'For a few days the {model} {product} makes a grinding noise. We stopped using it to avoid further damage.'],
      ['Repair request for {model} {product}', 'We need a repair appointment for our {product}: it {fault}. Serial number is on the receipt I attached.'],
    ],
    replies: ['Booked a technician visit for {date}', 'Asked for proof of purchase to check the warranty', 'Ordered the spare part and proposed appointments'],
    outcomes: [[RootCause.PRODUCT_DEFECT, 'Technician replaced the faulty part under warranty; test run without errors.'], [RootCause.PRODUCT_DEFECT, 'Part replaced under warranty on {date}.'], [RootCause.NO_FAULT, 'Normal wear; paid repair carried out after the customer accepted the quote of {amount}.'], [RootCause.CUSTOMER_EDUCATION, 'Foreign object removed on site; explained how to clean the filter.']],
  },
  {
    kind: TicketKind.REPAIR, reason: ContactReason.TROUBLESHOOTING, weight: 4,
    items: [
      ['{Product} error {code} persists after reset', 'Your colleague gave me reset instructions but the error {code} comes back after a day.'],
      ['{Product} still {fault} after remote diagnosis', 'We did everything the hotline suggested, but the {model} {product} still {fault}.'],
    ],
    replies: ['Escalated to field service and booked a visit for {date}'],
    outcomes: [[RootCause.PRODUCT_DEFECT, 'Technician replaced the main control board under warranty.']],
  },
  // RETURN
  {
    kind: TicketKind.RETURN, reason: ContactReason.RETURN, weight: 7,
    items: [
      ['Return {product} within 30 days – does not fit', 'The {model} {product} does not fit where we planned to put it. I would like to return it, it is unused.'],
      ['Wrong colour delivered for order #{order}', 'I ordered the {product} in white and received black. Please exchange or refund.'],
      ['Return unopened {model} {product}', 'We changed our plans and would like to return the {product}. The box is still sealed.'],
      ['Want to return the {product}, too loud', 'The {model} {product} is much louder than described. I would like to use my 30-day return right.'],
    ],
    replies: ['Sent the return label and pick-up instructions', 'Booked a pick-up for {date}'],
    outcomes: [[RootCause.NO_FAULT, 'Return accepted; refund of {amount} issued after inspection.'], [RootCause.PROCESS_ERROR, 'Warehouse had picked the wrong variant; correct item delivered and the wrong one collected.']],
  },
  {
    kind: TicketKind.RETURN, reason: ContactReason.DELIVERY, weight: 4,
    items: [
      ['{Product} arrived with a dented side panel', 'The {product} was delivered today with a big dent on the side. Photos attached. I want a replacement.'],
      ['Package damaged in transit, order #{order}', 'The box of order #{order} was torn open and the {product} has scratches all over the front.'],
    ],
    replies: ['Asked for photos of the damage and the packaging'],
    outcomes: [[RootCause.DELIVERY_FAILURE, 'Damaged unit replaced and delivered free of charge; old unit collected.'], [RootCause.DELIVERY_FAILURE, 'Customer kept the unit with a price reduction; {amount} refunded.']],
  },
  {
    kind: TicketKind.RETURN, reason: ContactReason.PURCHASE, weight: 2,
    items: [['Cancel and return order #{order} – ordered twice by mistake', 'I clicked twice and now have two orders for the {product}. Please cancel one.']],
    replies: ['Cancelled the duplicate order'],
    outcomes: [[RootCause.CUSTOMER_EDUCATION, 'Duplicate order cancelled before shipping; payment of {amount} reversed.']],
  },
  // REQUEST
  {
    kind: TicketKind.REQUEST, reason: ContactReason.ACCOUNT, weight: 5,
    items: [
      ['Please update my billing address', 'We moved. The new address is in the attachment. Please update all open orders too.'],
      ['Change the email address on my account', 'Please use my new email address from now on and confirm when done.'],
      ['Delete my customer account (GDPR)', 'Please delete my account and all personal data and confirm in writing.'],
      ['Add my partner as authorised contact', 'My partner should be able to call you about our orders. Please add them to the account.'],
    ],
    replies: ['Verified identity and updated the account'],
    outcomes: [[RootCause.NO_FAULT, 'Request completed as asked and confirmed to the customer.']],
  },
  {
    kind: TicketKind.REQUEST, reason: ContactReason.BILLING, weight: 4,
    items: [
      ['Corrected invoice with company VAT ID', 'Our accounting needs the invoice with our VAT ID. Please reissue invoice {invoice}.'],
      ['Switch payment method to direct debit', 'Please collect future payments by direct debit. The mandate is attached.'],
      ['Copy of invoice {invoice} needed', 'I cannot find invoice {invoice} anymore. Could you send a copy?'],
    ],
    replies: ['Reissued the invoice', 'Confirmed the change of payment method'],
    outcomes: [[RootCause.NO_FAULT, 'Request completed and confirmed to the customer.'], [RootCause.PROCESS_ERROR, 'VAT ID had not been copied from the order; invoice corrected and the order form fixed.']],
  },
  {
    kind: TicketKind.REQUEST, reason: ContactReason.PURCHASE, weight: 3,
    items: [
      ['Quote for 12 dishwashers for our new hotel wing', 'We are refurbishing and need an offer for 12 DW 600 dishwashers including delivery and installation.'],
      ['Volume discount for {product} units', 'We would like to equip our offices with {model} {product}s. Is there a volume discount?'],
      ['Installation service together with a new {product}', 'Please add installation to my order #{order} if still possible.'],
    ],
    replies: ['Forwarded to business sales and sent a first quote'],
    outcomes: [[RootCause.NO_FAULT, 'Quote sent and accepted; order placed by business sales.']],
  },
  {
    kind: TicketKind.REQUEST, reason: ContactReason.REPAIR, weight: 2,
    items: [
      ['Book annual maintenance for {product}', 'Please book the yearly maintenance visit for our {model} {product} as in our service contract.'],
      ['Descaling service for our coffee machines', 'Our Barista One machines in the office need the descaling service again.'],
    ],
    replies: ['Proposed maintenance dates'],
    outcomes: [[RootCause.NO_FAULT, 'Maintenance visit carried out on {date}.']],
  },
  {
    kind: TicketKind.REQUEST, reason: ContactReason.OTHER, weight: 2,
    items: [
      ['Pick-up of old appliance for recycling', 'We have an old {product} to dispose of. Can you collect it with the new delivery?'],
      ['User manual for the {model} in {language}', 'The {product} came with an English manual only. Is there one in {language}?'],
    ],
    replies: ['Arranged the pick-up', 'Sent the manual'],
    outcomes: [[RootCause.NO_FAULT, 'Done as requested and confirmed to the customer.']],
  },
];

const INBOUND_FOLLOWUPS = [
  'Customer asked for an update',
  'Customer sent the requested photos',
  'Customer sent serial number and proof of purchase',
  'Customer called again and asked for a callback',
  'Customer confirmed the proposed appointment',
  'Customer added details to the original request',
];

export const OUTBOUND_FOLLOWUPS: Record<TicketKind, string[]> = {
  [TicketKind.QUESTION]: ['Sent additional information', 'Checked with the product team and replied', 'Shared the relevant help-centre article'],
  [TicketKind.INCIDENT]: ['Escalated to second-level support', 'Requested diagnostic log from the app', 'Gave status update and next steps', 'Called the customer to test together'],
  [TicketKind.COMPLAINT]: ['Apologised and gave a status update', 'Escalated to the team lead', 'Offered a goodwill voucher'],
  [TicketKind.REPAIR]: ['Spare part ordered; informed customer about the lead time', 'SMS reminder: technician visit tomorrow 08:00–12:00', 'Technician report received and shared with customer'],
  [TicketKind.RETURN]: ['Return label re-sent', 'Warehouse confirmed receipt of the return', 'Informed customer about the refund timeline'],
  [TicketKind.REQUEST]: ['Confirmed receipt of the request', 'Asked business sales for the offer', 'Sent the documents'],
};
const WAITING = ['Waiting for customer: asked for proof of purchase', 'Waiting for customer: asked for photos of the damage', 'Waiting for customer: asked for the serial number', 'Waiting for customer: asked to confirm an appointment', 'Waiting for customer: asked for bank details for the refund'];
const ON_HOLD = ['On hold: spare part on back-order', 'On hold: waiting for the carrier investigation', "On hold: waiting for the manufacturer's technical service", 'On hold: waiting for finance to approve the refund'];

const INBOUND_PREFIX: Record<Channel, string> = {
  [Channel.PHONE]: 'Call',
  [Channel.EMAIL]: 'Email',
  [Channel.CHAT]: 'Chat',
  [Channel.SMS]: 'SMS',
  [Channel.SOCIAL]: 'Social media message',
  [Channel.IN_PERSON]: 'Store visit',
  [Channel.WEB]: 'Web form',
};

/** Contacts that needed no ticket: answered on the spot. */
const QUICK_CONTACTS: [ContactReason, string, string][] = [
  [ContactReason.DELIVERY, 'Asked when order #{order} will be delivered', 'Gave the delivery window from the carrier'],
  [ContactReason.PURCHASE, 'Asked whether the {model} {product} is in stock at {store}', 'Confirmed stock and reserved one unit'],
  [ContactReason.ACCOUNT, 'Asked to update phone number', 'Updated the phone number'],
  [ContactReason.BILLING, 'Asked for a copy of invoice {invoice}', 'Sent the invoice copy by email'],
  [ContactReason.OTHER, 'Asked about opening hours of the {store} store', 'Gave the opening hours'],
  [ContactReason.FEEDBACK, 'Praised the technician who repaired the {product}', 'Thanked the customer and passed on the feedback'],
  [ContactReason.TROUBLESHOOTING, 'Asked how to descale the {product}', 'Explained the descaling programme'],
  [ContactReason.PURCHASE, 'Asked about current offers on {product}s', 'Sent the current offers'],
];

const SAT_COMMENTS: Record<number, string[]> = {
  5: ['Quick and friendly, thank you!', 'Problem solved on the first call.', 'Technician was on time and very competent.', 'Great service, will recommend you.', 'Very helpful, thanks a lot.'],
  4: ['Good help, took a little long.', 'Solved, but I had to explain it twice.', 'Friendly staff, fair solution.'],
  3: ['OK in the end, but I had to chase you.', 'Solution fine, communication could be better.'],
  2: ['Too many emails back and forth.', 'Took far too long for a simple thing.'],
  1: ['Nobody called me back as promised.', 'Very disappointed with the whole process.'],
};

// ---------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------

interface FillCtx {
  product: Product;
  at: Date;
  /** values already chosen, so one ticket's subject, description and resolution agree */
  vals?: Record<string, string>;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function fill(template: string, rng: Rng, ctx: FillCtx): string {
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    if (!ctx.vals) return value(key, rng, ctx);
    return (ctx.vals[key] ??= value(key, rng, ctx));
  });
}

function value(key: string, rng: Rng, ctx: FillCtx): string {
  {
    switch (key) {
      case 'product':
        return ctx.product.name;
      case 'Product':
        return cap(ctx.product.name);
      case 'model':
        return ctx.product.model;
      case 'code':
        return rng.pick(ctx.product.codes);
      case 'fault':
        return rng.pick(ctx.product.faults);
      case 'order':
        return String(rng.int(4_100_000, 4_899_999));
      case 'invoice':
        return `RE-${ctx.at.getUTCFullYear()}-${String(rng.int(10000, 99999))}`;
      case 'month':
        return MONTHS[new Date(ctx.at.getTime() - rng.int(0, 40) * DAY).getUTCMonth()];
      case 'date':
        return isoDay(new Date(ctx.at.getTime() + rng.int(1, 6) * DAY));
      case 'pastDate':
        return isoDay(new Date(ctx.at.getTime() - rng.int(1, 5) * DAY));
      case 'store':
        return rng.pick(STORES);
      case 'percent':
        return String(rng.pick([10, 15, 20, 25]));
      case 'amount':
        return `${rng.int(19, 899)}.${rng.pick(['00', '50', '90', '99'])} EUR`;
      case 'accessory':
        return rng.pick(ACCESSORIES);
      case 'language':
        return rng.pick(['German', 'French', 'Turkish', 'Polish', 'Italian']);
      default:
        return key;
    }
  }
}

/** One concrete ticket text: what a customer writes and how it ends. */
export interface TicketVariant {
  kind: TicketKind;
  reason: ContactReason;
  subject: string;
  description: string;
  reply: string;
  rootCause: RootCause;
  resolution: string;
}

function topicWeights(): (readonly [Topic, number])[] {
  return TOPICS.map((t) => [t, t.weight] as const);
}

function variantOf(topic: Topic, rng: Rng, at: Date): TicketVariant {
  const ctx: FillCtx = { product: rng.pick(PRODUCTS), at, vals: {} };
  const [rootCause, resolution] = rng.pick(topic.outcomes);
  const [subject, description] = rng.pick(topic.items);
  return {
    kind: topic.kind,
    reason: topic.reason,
    subject: fill(subject, rng, ctx).slice(0, 300),
    description: fill(description, rng, ctx),
    reply: fill(rng.pick(topic.replies), rng, ctx),
    rootCause,
    resolution: fill(resolution, rng, ctx),
  };
}

/** `count` ticket texts in the demo's mix of kinds and reasons (for bulk loads). */
export function ticketVariants(seed: number, count: number, at: Date): TicketVariant[] {
  const rng = new Rng(seed);
  const weights = topicWeights();
  return Array.from({ length: count }, () => variantOf(rng.weighted(weights), rng, at));
}

/** Satisfaction comments by score (1..5), for bulk loads. */
export const SATISFACTION_COMMENTS = SAT_COMMENTS;
export const INBOUND_FOLLOWUP_SUMMARIES = INBOUND_FOLLOWUPS;
export const CHANNEL_PREFIX = INBOUND_PREFIX;

// ---------------------------------------------------------------------------
// Service levels and agents
// ---------------------------------------------------------------------------

const targets = (rows: [Priority, number, number][]): SlaTarget[] =>
  rows.map(([priority, firstResponseMinutes, resolutionMinutes]) => ({ priority, firstResponseMinutes, resolutionMinutes }));

function demoServiceLevels(now: Date) {
  const y = now.getUTCFullYear();
  const holidays: string[] = [];
  for (const yy of [y - 1, y, y + 1]) holidays.push(`${yy}-01-01`, `${yy}-05-01`, `${yy}-10-03`, `${yy}-12-25`, `${yy}-12-26`);
  const office: BusinessHours = {
    timeZone: 'Europe/Berlin',
    days: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '18:00' })),
    holidays,
  };
  return [
    {
      name: 'Standard',
      description: 'Included with every purchase: Mon–Fri 08:00–18:00 (Berlin), clock stops while waiting for the customer.',
      targets: targets([[Priority.URGENT, 60, 480], [Priority.HIGH, 120, 1200], [Priority.NORMAL, 480, 2400], [Priority.LOW, 960, 4800]]),
      business_hours: office,
      pause_on: [TicketStatus.PENDING],
      is_default: true,
      match_tiers: [] as string[],
      rule_order: null as number | null,
    },
    {
      name: 'Premium',
      description: 'Premium care: round the clock, clock stops while waiting for the customer.',
      targets: targets([[Priority.URGENT, 30, 240], [Priority.HIGH, 60, 720], [Priority.NORMAL, 240, 1440], [Priority.LOW, 480, 2880]]),
      business_hours: null,
      pause_on: [TicketStatus.PENDING],
      is_default: false,
      match_tiers: [CustomerTier.PREMIUM],
      rule_order: 20,
    },
    {
      name: 'Enterprise',
      description: 'Business contracts: round the clock with tight targets; the clock never stops.',
      targets: targets([[Priority.URGENT, 15, 120], [Priority.HIGH, 30, 480], [Priority.NORMAL, 120, 960], [Priority.LOW, 240, 1920]]),
      business_hours: null,
      pause_on: [] as string[],
      is_default: false,
      match_tiers: [CustomerTier.ENTERPRISE],
      rule_order: 10,
    },
  ];
}

const TEAM_CARE = 'Customer Care';
const TEAM_BILLING = 'Billing & Returns';
const TEAM_TECH = 'Technical Service';

export const DEMO_AGENTS: { name: string; role: Role; team: string }[] = [
  { name: 'Sofia Lindqvist', role: Role.ADMIN, team: 'Operations' },
  { name: 'Markus Brandt', role: Role.MANAGER, team: TEAM_CARE },
  { name: 'Aylin Demir', role: Role.MANAGER, team: TEAM_TECH },
  { name: 'Jana Kowalski', role: Role.AGENT, team: TEAM_CARE },
  { name: 'Tom Becker', role: Role.AGENT, team: TEAM_CARE },
  { name: 'Lea Hoffmann', role: Role.AGENT, team: TEAM_CARE },
  { name: 'Daniel Ruiz', role: Role.AGENT, team: TEAM_BILLING },
  { name: 'Mira Schäfer', role: Role.AGENT, team: TEAM_BILLING },
  { name: 'Kevin Otto', role: Role.AGENT, team: TEAM_TECH },
  { name: 'Nils Petersen', role: Role.AGENT, team: TEAM_TECH },
  { name: 'Chiara Romano', role: Role.AGENT, team: TEAM_TECH },
  { name: 'Elena Vogel', role: Role.ANALYST, team: 'Quality & Insights' },
];

export const agentEmail = (name: string) => name.split(' ').map(asciiSlug).join('.') + '@servicegraph.example';

export function teamFor(kind: TicketKind, reason: ContactReason): string {
  if (kind === TicketKind.REPAIR || kind === TicketKind.INCIDENT) return reason === ContactReason.BILLING || reason === ContactReason.ACCOUNT ? TEAM_CARE : TEAM_TECH;
  if (kind === TicketKind.RETURN || reason === ContactReason.BILLING) return TEAM_BILLING;
  if (kind === TicketKind.COMPLAINT && reason === ContactReason.REPAIR) return TEAM_TECH;
  return TEAM_CARE;
}

// ---------------------------------------------------------------------------
// Row building
// ---------------------------------------------------------------------------

interface SlRow {
  id: string;
  name: string;
  targets: SlaTarget[];
  businessHours: BusinessHours | null;
  pauseOn: TicketStatus[];
}

interface CustomerRow {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  tier: CustomerTier;
  organization: string | null;
  preferred_channel: Channel | null;
  language: string;
  service_level_id: string | null;
  created_at: string;
  updated_at: string;
}

interface InteractionRow {
  id: string;
  customer_id: string;
  ticket_id: string | null;
  agent_id: string | null;
  channel: Channel;
  direction: Direction;
  reason: ContactReason | null;
  summary: string;
  body: string | null;
  occurred_at: string;
  duration_seconds: number | null;
  created_at: string;
}

export const CHANNEL_WEIGHTS: [Channel, number][] = [
  [Channel.EMAIL, 30], [Channel.PHONE, 25], [Channel.CHAT, 14], [Channel.WEB, 14], [Channel.SOCIAL, 6], [Channel.SMS, 4], [Channel.IN_PERSON, 7],
];
export const PREFERRED_WEIGHTS: [Channel | null, number][] = [
  [Channel.EMAIL, 35], [Channel.PHONE, 25], [Channel.CHAT, 12], [Channel.WEB, 8], [Channel.SMS, 5], [Channel.SOCIAL, 5], [Channel.IN_PERSON, 3], [null, 15],
];

export const PRIORITY_WEIGHTS: Record<TicketKind, [Priority, number][]> = {
  [TicketKind.QUESTION]: [[Priority.LOW, 35], [Priority.NORMAL, 55], [Priority.HIGH, 9], [Priority.URGENT, 1]],
  [TicketKind.INCIDENT]: [[Priority.LOW, 5], [Priority.NORMAL, 40], [Priority.HIGH, 38], [Priority.URGENT, 17]],
  [TicketKind.COMPLAINT]: [[Priority.LOW, 8], [Priority.NORMAL, 47], [Priority.HIGH, 35], [Priority.URGENT, 10]],
  [TicketKind.REPAIR]: [[Priority.LOW, 15], [Priority.NORMAL, 55], [Priority.HIGH, 24], [Priority.URGENT, 6]],
  [TicketKind.RETURN]: [[Priority.LOW, 25], [Priority.NORMAL, 60], [Priority.HIGH, 13], [Priority.URGENT, 2]],
  [TicketKind.REQUEST]: [[Priority.LOW, 40], [Priority.NORMAL, 50], [Priority.HIGH, 9], [Priority.URGENT, 1]],
};
export const PRIORITY_UP: Record<Priority, Priority> = { LOW: Priority.NORMAL, NORMAL: Priority.HIGH, HIGH: Priority.URGENT, URGENT: Priority.URGENT };

/** first response, in minutes [min, max] (log-uniform) */
export const FIRST_RESPONSE_MIN: Record<Priority, [number, number]> = { URGENT: [3, 90], HIGH: [10, 300], NORMAL: [20, 960], LOW: [60, 2400] };
/** work after the first response, in hours */
export const WORK_HOURS: Record<TicketKind, [number, number]> = {
  QUESTION: [0.5, 48], INCIDENT: [2, 96], COMPLAINT: [4, 168], REPAIR: [24, 336], RETURN: [24, 240], REQUEST: [2, 120],
};
export const PRIORITY_SPEED: Record<Priority, number> = { URGENT: 0.3, HIGH: 0.6, NORMAL: 1, LOW: 1.4 };

/** Status mix by the ticket's age: young tickets are still open, old ones mostly closed. */
export function statusWeights(ageHours: number): [TicketStatus, number][] {
  const S = TicketStatus;
  if (ageHours < 8) return [[S.NEW, 45], [S.OPEN, 33], [S.PENDING, 10], [S.ON_HOLD, 5], [S.RESOLVED, 7]];
  if (ageHours < 72) return [[S.NEW, 8], [S.OPEN, 30], [S.PENDING, 16], [S.ON_HOLD, 9], [S.RESOLVED, 30], [S.CLOSED, 7]];
  if (ageHours < 14 * 24) return [[S.NEW, 1], [S.OPEN, 8], [S.PENDING, 8], [S.ON_HOLD, 5], [S.RESOLVED, 24], [S.CLOSED, 54]];
  return [[S.OPEN, 1.5], [S.PENDING, 1], [S.ON_HOLD, 1.5], [S.RESOLVED, 4], [S.CLOSED, 92]];
}

function replyChannel(rng: Rng, c: Channel): Channel {
  switch (c) {
    case Channel.EMAIL:
    case Channel.WEB:
      return rng.chance(0.85) ? Channel.EMAIL : Channel.PHONE;
    case Channel.PHONE:
      return rng.chance(0.6) ? Channel.PHONE : Channel.EMAIL;
    case Channel.CHAT:
      return rng.chance(0.5) ? Channel.CHAT : Channel.EMAIL;
    case Channel.SOCIAL:
      return rng.chance(0.6) ? Channel.SOCIAL : Channel.EMAIL;
    case Channel.SMS:
      return rng.chance(0.5) ? Channel.SMS : Channel.PHONE;
    case Channel.IN_PERSON:
      return rng.chance(0.5) ? Channel.PHONE : Channel.EMAIL;
  }
}

function durationFor(rng: Rng, c: Channel): number | null {
  if (c === Channel.PHONE) return Math.round(rng.logBetween(60, 1800));
  if (c === Channel.CHAT) return Math.round(rng.logBetween(120, 1500));
  if (c === Channel.IN_PERSON) return Math.round(rng.logBetween(300, 2400));
  return null;
}

const LIVE = new Set([Channel.PHONE, Channel.CHAT, Channel.IN_PERSON]);
const iso = (ms: number) => new Date(Math.round(ms / 1000) * 1000).toISOString();
const sec = (ms: number) => Math.round(ms / 1000) * 1000;

function toServiceLevel(s: SlRow): ServiceLevel {
  return { id: s.id, name: s.name, targets: s.targets, businessHours: s.businessHours, pauseOn: s.pauseOn } as unknown as ServiceLevel;
}

interface Built {
  customers: CustomerRow[];
  tickets: Record<string, unknown>[];
  interactions: InteractionRow[];
  events: { entity_id: string; customer_id: string; data: Record<string, unknown>; occurred_at: string; ord: number }[];
}

function buildDemo(
  now: Date,
  share: number,
  levels: { standard: SlRow; premium: SlRow | null; enterprise: SlRow | null; fallback: SlRow | null },
  agents: { id: string; role: Role; team: string }[],
): Built {
  const rng = new Rng(DEMO_SEED);
  const nowMs = sec(now.getTime());

  // customers -----------------------------------------------------------------
  const emails = new Set<string>();
  const customers: CustomerRow[] = [];
  const customerWeight: number[] = [];
  const localeWeights = LOCALES.map((l) => [l, l.weight] as const);
  for (let i = 0; i < DEMO_CUSTOMERS; i++) {
    const tier = rng.weighted([[CustomerTier.STANDARD, 80], [CustomerTier.PREMIUM, 15], [CustomerTier.ENTERPRISE, 5]] as const);
    const loc = rng.weighted(localeWeights);
    const first = rng.pick(loc.first);
    const last = rng.pick(loc.last);
    let organization: string | null = null;
    if (tier === CustomerTier.ENTERPRISE) organization = rng.pick(ENTERPRISE_ORGS);
    else if (tier === CustomerTier.PREMIUM) organization = rng.chance(0.7) ? rng.pick(PREMIUM_ORGS) : null;
    else if (rng.chance(0.1)) organization = rng.pick(SMALL_ORGS);
    const f = asciiSlug(first);
    const l = asciiSlug(last);
    let local: string;
    let domain: string;
    if (organization) {
      local = rng.chance(0.8) ? `${f}.${l}` : `${f[0]}.${l}`;
      domain = orgDomain(organization);
    } else {
      local = rng.pick([`${f}.${l}`, `${f}.${l}`, `${f[0]}.${l}`, `${f}${l}${rng.int(70, 99)}`, `${l}.${f}`, `${f}_${l}`]);
      domain = rng.pick(CONSUMER_DOMAINS);
    }
    let email = `${local}@${domain}`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@${domain}`;
    emails.add(email);
    const preferred = tier === CustomerTier.ENTERPRISE ? rng.weighted([[Channel.EMAIL, 50], [Channel.PHONE, 35], [Channel.WEB, 15]] as const) : rng.weighted(PREFERRED_WEIGHTS);
    const sl = tier === CustomerTier.ENTERPRISE ? levels.enterprise : tier === CustomerTier.PREMIUM ? levels.premium : null;
    const created = nowMs - rng.between(DEMO_DAYS + 5, 3 * 365) * DAY;
    customers.push({
      id: rng.uuid(),
      name: `${first} ${last}`,
      email,
      phone: rng.chance(0.85) ? loc.phone(rng) : null,
      tier,
      organization,
      preferred_channel: preferred,
      language: loc.lang === 'tr' && rng.chance(0.4) ? 'de' : loc.lang,
      service_level_id: sl?.id ?? null,
      created_at: iso(created),
      updated_at: iso(created + rng.between(0, 60) * DAY),
    });
    const tierWeight = tier === CustomerTier.ENTERPRISE ? 4 : tier === CustomerTier.PREMIUM ? 2.5 : 1;
    customerWeight.push(tierWeight * (0.15 + 4 * rng.next() ** 3));
  }
  const cumulative: number[] = [];
  customerWeight.reduce((s, w, i) => (cumulative[i] = s + w), 0);
  const pickCustomer = () => {
    const r = rng.next() * cumulative[cumulative.length - 1];
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return customers[lo];
  };
  const slOf = (c: CustomerRow): SlRow | null =>
    (c.service_level_id && [levels.premium, levels.enterprise].find((s) => s?.id === c.service_level_id)) || levels.fallback;

  // agents by team ---------------------------------------------------------------
  const byTeam = new Map<string, string[]>();
  for (const a of agents) if (a.role === Role.AGENT) byTeam.set(a.team, [...(byTeam.get(a.team) ?? []), a.id]);
  const managers = agents.filter((a) => a.role === Role.MANAGER);
  const anyAgent = agents.filter((a) => a.role === Role.AGENT).map((a) => a.id);
  const pickAssignee = (kind: TicketKind, reason: ContactReason): string => {
    const team = teamFor(kind, reason);
    const mgr = managers.find((m) => m.team === team) ?? managers[0];
    if (mgr && rng.chance(kind === TicketKind.COMPLAINT ? 0.2 : 0.05)) return mgr.id;
    return rng.pick(byTeam.get(team) ?? anyAgent);
  };

  // tickets -------------------------------------------------------------------------
  const weights = topicWeights();
  const tickets: Built['tickets'] = [];
  const interactions: InteractionRow[] = [];
  const events: Built['events'] = [];

  const addInteraction = (row: Omit<InteractionRow, 'id' | 'created_at' | 'occurred_at'> & { at: number }) => {
    const { at, ...rest } = row;
    interactions.push({ id: rng.uuid(), ...rest, occurred_at: iso(at), created_at: iso(at) });
  };

  for (let i = 0; i < DEMO_TICKETS; i++) {
    const topic = rng.weighted(weights);
    const customer = pickCustomer();
    let created = nowMs - DEMO_DAYS * DAY * rng.next() ** 1.35;
    if (rng.chance(0.72)) {
      const d = new Date(created);
      d.setUTCHours(rng.int(6, 16), rng.int(0, 59), rng.int(0, 59), 0);
      if (d.getTime() < nowMs - 10 * MIN) created = d.getTime();
    }
    const wd = new Date(created).getUTCDay();
    if ((wd === 0 || wd === 6) && rng.chance(0.55)) created -= (wd === 0 ? 2 : 1) * DAY;
    created = sec(created);
    const ageHours = (nowMs - created) / HOUR;
    const status = rng.weighted(statusWeights(ageHours));
    let priority = rng.weighted(PRIORITY_WEIGHTS[topic.kind]);
    if (customer.tier === CustomerTier.ENTERPRISE && rng.chance(0.25)) priority = PRIORITY_UP[priority];
    const channel = customer.preferred_channel && rng.chance(0.55) ? customer.preferred_channel : rng.weighted(CHANNEL_WEIGHTS);
    const v = variantOf(topic, rng, new Date(created));
    const assignee = status === TicketStatus.NEW ? null : pickAssignee(topic.kind, topic.reason);

    // timeline (ms offsets from creation), squeezed to fit before now
    const span = nowMs - created - MIN;
    let fr = rng.logBetween(...FIRST_RESPONSE_MIN[priority]) * MIN;
    let res = fr + rng.logBetween(...WORK_HOURS[topic.kind]) * HOUR * PRIORITY_SPEED[priority];
    let close = res + rng.between(1.5, 7) * DAY;
    let rate = res + rng.logBetween(1, 72) * HOUR;
    let responded = false;
    const done = status === TicketStatus.RESOLVED || status === TicketStatus.CLOSED;
    if (status === TicketStatus.OPEN || status === TicketStatus.PENDING || status === TicketStatus.ON_HOLD) {
      responded = status !== TicketStatus.OPEN || rng.chance(0.85);
      if (fr > span * 0.9) fr = span * rng.between(0.05, 0.7);
    } else if (done) {
      responded = true;
      const last = status === TicketStatus.CLOSED ? close : res;
      if (last > span * 0.97) {
        const f = (span * rng.between(0.45, 0.95)) / last;
        fr *= f;
        res *= f;
        close *= f;
      }
      if (rate >= span) rate = res + (span - res) * rng.between(0.1, 0.9);
    }
    const frAt = responded ? sec(created + fr) : null;
    const resAt = done ? sec(created + res) : null;
    const closeAt = status === TicketStatus.CLOSED ? sec(created + close) : null;
    const rated = done && rng.chance(0.45);
    const score = rated ? rng.weighted([[5, 45], [4, 28], [3, 12], [2, 8], [1, 7]] as const) : null;
    const ticketId = rng.uuid();
    const reason = topic.reason;

    // interactions
    const first = interactions.length;
    addInteraction({
      at: created,
      customer_id: customer.id,
      ticket_id: ticketId,
      agent_id: LIVE.has(channel) ? assignee : null,
      channel,
      direction: Direction.INBOUND,
      reason,
      summary: `${INBOUND_PREFIX[channel]}: ${v.subject}`.slice(0, 500),
      body: v.description,
      duration_seconds: durationFor(rng, channel),
    });
    let pausedAt: number | null = null;
    if (!responded) {
      if (rng.chance(0.35)) {
        const c = rng.chance(0.6) ? channel : rng.weighted(CHANNEL_WEIGHTS);
        addInteraction({
          at: sec(created + (nowMs - created) * rng.between(0.3, 0.9)),
          customer_id: customer.id, ticket_id: ticketId, agent_id: null, channel: c, direction: Direction.INBOUND, reason,
          summary: 'Customer asked for an update', body: null, duration_seconds: durationFor(rng, c),
        });
      }
    } else {
      const n = rng.weighted([[2, 30], [3, 28], [4, 20], [5, 13], [6, 9]] as const);
      const reply = replyChannel(rng, channel);
      addInteraction({
        at: frAt!, customer_id: customer.id, ticket_id: ticketId, agent_id: assignee, channel: reply, direction: Direction.OUTBOUND, reason,
        summary: v.reply, body: null, duration_seconds: durationFor(rng, reply),
      });
      const closing = n >= 3 && (done || status === TicketStatus.PENDING || status === TicketStatus.ON_HOLD);
      const closingAt = done ? resAt! : sec(frAt! + (nowMs - MIN - frAt!) * rng.between(0.5, 0.95));
      const middleEnd = closing ? closingAt : done ? resAt! : nowMs - MIN;
      const middle = n - 2 - (closing ? 1 : 0);
      const times = Array.from({ length: middle }, () => sec(frAt! + (middleEnd - frAt!) * rng.between(0.05, 0.95))).sort((a, b) => a - b);
      times.forEach((at, k) => {
        const inbound = k % 2 === 0;
        const c = rng.chance(0.75) ? (inbound ? channel : reply) : rng.weighted(CHANNEL_WEIGHTS);
        addInteraction({
          at, customer_id: customer.id, ticket_id: ticketId,
          agent_id: inbound ? (LIVE.has(c) ? assignee : null) : assignee,
          channel: c, direction: inbound ? Direction.INBOUND : Direction.OUTBOUND, reason,
          summary: inbound ? rng.pick(INBOUND_FOLLOWUPS) : fill(rng.pick(OUTBOUND_FOLLOWUPS[topic.kind]), rng, { product: rng.pick(PRODUCTS), at: new Date(at) }),
          body: null, duration_seconds: durationFor(rng, c),
        });
      });
      if (closing) {
        const summary = done ? `Resolution: ${v.resolution}` : status === TicketStatus.PENDING ? rng.pick(WAITING) : rng.pick(ON_HOLD);
        addInteraction({
          at: closingAt, customer_id: customer.id, ticket_id: ticketId, agent_id: assignee, channel: reply, direction: Direction.OUTBOUND, reason,
          summary: summary.slice(0, 500), body: done ? v.resolution : null, duration_seconds: durationFor(rng, reply),
        });
      }
      const sl = slOf(customer);
      if (status === TicketStatus.PENDING && sl?.pauseOn.includes(TicketStatus.PENDING)) {
        const outs = interactions.slice(first).filter((x) => x.direction === Direction.OUTBOUND);
        pausedAt = new Date(outs[outs.length - 1].occurred_at).getTime();
      }
    }

    // SLA clock
    const slRow = slOf(customer);
    const sl = slRow ? toServiceLevel(slRow) : null;
    const createdAt = new Date(created);
    const firstRespondedAt = frAt === null ? null : new Date(frAt);
    const base = { status, priority, createdAt, slaPausedMinutes: 0, firstRespondedAt };
    const due = planClock(sl, base, share);
    // alerts that fell due before the clock stopped (or now) count as raised: no stale burst on start
    const ref = pausedAt ?? resAt ?? nowMs;
    const alerts: Record<string, string> = {};
    // (only running clocks need this: the sweep never looks at resolved or closed tickets)
    const instants = done
      ? {}
      : alertInstants(sl, { ...base, firstRespondedAt: null, firstResponseDueAt: due.firstResponseDueAt, resolutionDueAt: due.resolutionDueAt }, share);
    for (const [key, d] of Object.entries(instants) as [AlertKey, Date][]) {
      const t = d.getTime();
      if (t > ref) continue;
      if (key.startsWith('FIRST_RESPONSE') && frAt !== null && frAt <= t) continue;
      alerts[key] = d.toISOString();
    }
    // the next alert still to raise, exactly as planClock picks it given these alerts
    const pending = (Object.entries(instants) as [AlertKey, Date][])
      .filter(([key]) => !alerts[key] && (frAt === null || !key.startsWith('FIRST_RESPONSE')))
      .map(([, d]) => d.getTime());
    const nextAlert = done || pausedAt !== null || !pending.length ? null : new Date(Math.min(...pending));

    const ratedAt = rated ? sec(created + rate) : null;
    const lastTouch = Math.max(created, ...interactions.slice(first).map((x) => new Date(x.occurred_at).getTime()), closeAt ?? 0, ratedAt ?? 0, resAt ?? 0);
    const snapshotAtCreation = {
      status: TicketStatus.NEW, priority, kind: v.kind, channel, reason, rootCause: null, customerId: customer.id,
      assigneeId: null, subject: v.subject, description: v.description, createdAt,
    } as unknown as Ticket;
    // at the moment of creation a clock with targets is always ON_TRACK (what evaluateSla says then)
    const slaAtCreation = due.firstResponseDueAt || due.resolutionDueAt ? SlaState.ON_TRACK : SlaState.NONE;
    tickets.push({
      id: ticketId,
      subject: v.subject,
      description: v.description,
      kind: v.kind,
      status,
      priority,
      channel,
      reason,
      customer_id: customer.id,
      assignee_id: assignee,
      service_level_id: slRow?.id ?? null,
      first_response_due_at: due.firstResponseDueAt?.toISOString() ?? null,
      resolution_due_at: due.resolutionDueAt?.toISOString() ?? null,
      sla_paused_at: pausedAt === null ? null : iso(pausedAt),
      sla_risk_at: done ? null : due.slaRiskAt?.toISOString() ?? null,
      sla_next_alert_at: nextAlert?.toISOString() ?? null,
      sla_paused_minutes: 0,
      sla_alerts: alerts,
      resolution: done ? v.resolution : null,
      root_cause: done ? v.rootCause : null,
      satisfaction_score: score,
      satisfaction_comment: score !== null && rng.chance(0.6) ? rng.pick(SAT_COMMENTS[score]) : null,
      rated_at: ratedAt === null ? null : iso(ratedAt),
      created_at: iso(created),
      updated_at: iso(lastTouch),
      first_responded_at: frAt === null ? null : iso(frAt),
      resolved_at: resAt === null ? null : iso(resAt),
      closed_at: closeAt === null ? null : iso(closeAt),
      version: 1 + (assignee ? 1 : 0) + (status !== TicketStatus.NEW ? 1 : 0) + (responded ? 1 : 0) + (closeAt ? 1 : 0) + (rated ? 1 : 0),
    });
    events.push({ entity_id: ticketId, customer_id: customer.id, data: ticketSnapshot(snapshotAtCreation, slaAtCreation), occurred_at: iso(created), ord: 0 });
  }

  // contacts that never needed a ticket
  for (let i = 0; i < DEMO_LOOSE_INTERACTIONS; i++) {
    const customer = pickCustomer();
    const [reason, asked, answered] = rng.pick(QUICK_CONTACTS);
    const at = sec(nowMs - DEMO_DAYS * DAY * rng.next() - MIN);
    const channel = customer.preferred_channel && rng.chance(0.5) ? customer.preferred_channel : rng.weighted(CHANNEL_WEIGHTS);
    const ctx: FillCtx = { product: rng.pick(PRODUCTS), at: new Date(at) };
    const agent = rng.pick(byTeam.get(TEAM_CARE) ?? anyAgent);
    const live = LIVE.has(channel);
    addInteraction({
      at, customer_id: customer.id, ticket_id: null, agent_id: live ? agent : null, channel, direction: Direction.INBOUND, reason,
      summary: fill(asked, rng, ctx), body: null, duration_seconds: durationFor(rng, channel),
    });
    if (!live || rng.chance(0.3)) {
      const c = live ? channel : replyChannel(rng, channel);
      const replyAt = Math.min(sec(at + rng.logBetween(2, 600) * MIN), nowMs - MIN);
      addInteraction({
        at: Math.max(replyAt, at), customer_id: customer.id, ticket_id: null, agent_id: agent, channel: c, direction: Direction.OUTBOUND, reason,
        summary: fill(answered, rng, ctx), body: null, duration_seconds: durationFor(rng, c),
      });
    }
  }

  events.sort((a, b) => a.occurred_at.localeCompare(b.occurred_at) || a.entity_id.localeCompare(b.entity_id));
  events.forEach((e, i) => (e.ord = i));
  return { customers, tickets, interactions, events };
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

async function ensureServiceLevels(m: EntityManager, now: Date): Promise<Map<string, SlRow>> {
  const defs = demoServiceLevels(now);
  const [{ has }] = await m.query('SELECT EXISTS (SELECT 1 FROM service_level WHERE is_default) AS has');
  const rng = new Rng(DEMO_SEED + 1);
  const rows = defs.map((d) => ({ ...d, id: rng.uuid(), is_default: d.is_default && !has }));
  await m.query(
    `INSERT INTO service_level (id, name, description, targets, business_hours, pause_on, is_default, match_tiers, rule_order)
     SELECT id, name, description, targets, business_hours, pause_on, is_default, match_tiers, rule_order
     FROM json_populate_recordset(NULL::service_level, $1::json)
     ON CONFLICT (name) DO NOTHING`,
    [JSON.stringify(rows)],
  );
  const found: { id: string; name: string; targets: SlaTarget[]; business_hours: BusinessHours | null; pause_on: TicketStatus[]; is_default: boolean }[] =
    await m.query('SELECT id, name, targets, business_hours, pause_on, is_default FROM service_level ORDER BY is_default DESC, created_at');
  const out = new Map<string, SlRow>();
  for (const r of found) {
    const row: SlRow = { id: r.id, name: r.name, targets: r.targets, businessHours: r.business_hours, pauseOn: r.pause_on ?? [] };
    if (!out.has(r.name)) out.set(r.name, row);
    if (r.is_default && !out.has('')) out.set('', row);
  }
  return out;
}

async function ensureAgents(m: EntityManager, now: Date): Promise<{ id: string; role: Role; team: string }[]> {
  const rng = new Rng(DEMO_SEED + 2);
  const rows = DEMO_AGENTS.map((a) => ({
    id: rng.uuid(),
    name: a.name,
    email: agentEmail(a.name),
    role: a.role,
    team: a.team,
    active: true,
    created_at: iso(now.getTime() - rng.between(120, 900) * DAY),
  }));
  await m.query(
    `INSERT INTO agent (id, name, email, role, team, active, created_at)
     SELECT id, name, email, role, team, active, created_at FROM json_populate_recordset(NULL::agent, $1::json)
     ON CONFLICT (email) DO NOTHING`,
    [JSON.stringify(rows)],
  );
  const found: { id: string; role: Role; team: string | null; email: string }[] = await m.query(
    'SELECT id, role, team, email FROM agent WHERE email = ANY($1) AND active ORDER BY email',
    [rows.map((r) => r.email)],
  );
  return found.map((a) => ({ id: a.id, role: a.role, team: a.team ?? '' }));
}

/** Seeds the demo service desk into an empty database (no customers); otherwise does nothing. */
export async function seedDemoIfEmpty(app: App, force: boolean): Promise<void> {
  const started = Date.now();
  const now = app.clock.now();
  const counts = await app.db.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    const [{ has }] = await m.query('SELECT EXISTS (SELECT 1 FROM customer) AS has');
    if (has) return null;
    const levels = await ensureServiceLevels(m, now);
    const agents = await ensureAgents(m, now);
    const standard = levels.get('Standard')!;
    const buildStarted = Date.now();
    const built = buildDemo(
      now,
      app.config.slaAtRiskShare,
      { standard, premium: levels.get('Premium') ?? null, enterprise: levels.get('Enterprise') ?? null, fallback: levels.get('') ?? standard },
      agents,
    );
    const buildMs = Date.now() - buildStarted;
    await m.query(
      `INSERT INTO customer (id, name, email, phone, tier, organization, preferred_channel, language, service_level_id, created_at, updated_at)
       SELECT id, name, email, phone, tier, organization, preferred_channel, language, service_level_id, created_at, updated_at
       FROM json_populate_recordset(NULL::customer, $1::json) ORDER BY created_at`,
      [JSON.stringify(built.customers)],
    );
    const cols = Object.keys(built.tickets[0]).join(', ');
    // number is a serial: rows go in creation order so ticket numbers follow it
    await m.query(
      `INSERT INTO ticket (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::ticket, $1::json) ORDER BY created_at, id`,
      [JSON.stringify(built.tickets)],
    );
    const icols = Object.keys(built.interactions[0]).join(', ');
    await m.query(
      `INSERT INTO interaction (${icols}) SELECT ${icols} FROM json_populate_recordset(NULL::interaction, $1::json) ORDER BY occurred_at, id`,
      [JSON.stringify(built.interactions)],
    );
    await m.query('SELECT pg_advisory_xact_lock($1)', [EVENT_LOCK_KEY]);
    await m.query(
      `INSERT INTO event_log (topic, type, entity_id, customer_id, data, occurred_at)
       SELECT $2, 'CREATED', e.entity_id, e.customer_id, e.data, e.occurred_at
       FROM json_to_recordset($1::json) AS e(entity_id uuid, customer_id uuid, data jsonb, occurred_at timestamptz, ord int)
       ORDER BY e.ord`,
      [JSON.stringify(built.events), TICKET_TOPIC],
    );
    return {
      serviceLevels: new Set([...levels.values()].map((l) => l.id)).size,
      agents: agents.length,
      customers: built.customers.length,
      tickets: built.tickets.length,
      interactions: built.interactions.length,
      events: built.events.length,
      buildMs,
    };
  });
  if (!counts) {
    (force ? log.info : log.debug)('demo seed skipped: database not empty');
    return;
  }
  // the parts catalogue with stock and reservations for repair tickets, and the knowledge base
  await seedDemoStock(app);
  await seedDemoKnowledge(app);
  log.info('demo data seeded', { ...counts, ms: Date.now() - started });
}

export type DemoIdentity = { sub: string; agentId: string | null; customerId: string | null };

/** One sign-in per role for the demo tokens printed on start; null when there are no agents. */
export async function demoIdentities(app: App): Promise<Partial<Record<Role, DemoIdentity>> | null> {
  const agents: { id: string; email: string; role: Role }[] = await app.db.query(
    `SELECT DISTINCT ON (role) id, email, role FROM agent WHERE active ORDER BY role, email`,
  );
  if (!agents.length) return null;
  const out: Partial<Record<Role, DemoIdentity>> = {};
  for (const a of agents) out[a.role] = { sub: a.email, agentId: a.id, customerId: null };
  const [customer]: { id: string; email: string }[] = await app.db.query(
    `SELECT c.id, c.email FROM customer c
     WHERE EXISTS (SELECT 1 FROM ticket t WHERE t.customer_id = c.id)
     ORDER BY c.email LIMIT 1`,
  );
  const fallback: { id: string; email: string }[] = customer ? [] : await app.db.query('SELECT id, email FROM customer ORDER BY email LIMIT 1');
  const c = customer ?? fallback[0];
  if (c) out[Role.CUSTOMER] = { sub: c.email, agentId: null, customerId: c.id };
  return out;
}

/**
 * The demo seed's agent ids by e-mail, as the seed makes them (same PRNG stream: one uuid, then
 * one draw for created_at, per agent), for the demo sign-in (src/server/web.ts, wired in hub.ts).
 */
export function demoAgentIds(): Map<string, string> {
  const rng = new Rng(DEMO_SEED + 2);
  const out = new Map<string, string>();
  for (const a of DEMO_AGENTS) {
    const id = rng.uuid();
    rng.between(120, 900);
    out.set(agentEmail(a.name), id);
  }
  return out;
}

/**
 * Demo help-centre articles: appliance repair, billing, delivery, returns and accounts.
 * About thirty published articles and a few drafts, written with one statement.
 *
 * Deterministic: ids are derived from each article's slug (md5 → uuid), times are offsets
 * from `app.clock.now()`, and seeding twice writes nothing the second time.
 */
import type { App } from '../app/app';

const DAY = 24 * 60 * 60 * 1000;

export interface DemoArticle {
  slug: string;
  title: string;
  tags: string[];
  body: string;
  published: boolean;
  helpful: number;
  /** created this many days before now */
  age: number;
  /** last edited this many days before now (≤ age) */
  edited: number;
}

export const DEMO_ARTICLES: readonly DemoArticle[] = [
  // --- appliance repair: washing machines -------------------------------------------------
  {
    slug: 'washer-drum-noise',
    title: 'Washing machine drum is noisy: grinding, rumbling or banging during the spin',
    tags: ['washing machine', 'drum', 'noise', 'troubleshooting'],
    body:
      'A drum that rumbles, grinds or bangs during the spin usually has one of four causes. ' +
      'First, check the drum for coins, keys or underwired bra wires: turn the drum slowly by hand and listen for rattling, ' +
      'then remove the drain filter behind the kick plate, because small objects often end up there. ' +
      'Second, an unbalanced load (one heavy towel or a pair of jeans) makes the drum knock against the cabinet; ' +
      'stop the cycle, spread the laundry evenly and restart the spin. ' +
      'Third, a machine that is not level walks and bangs; adjust the feet until the machine does not rock. ' +
      'Fourth, a loud roaring noise that grows with spin speed, or a drum that has play when you lift it, ' +
      'points to worn drum bearings or a broken spider arm. Bearings cannot be replaced by the owner: book a repair visit ' +
      'and mention the noise so the engineer brings a bearing kit. Keep using the machine only on low spin until then.',
    published: true,
    helpful: 42,
    age: 160,
    edited: 12,
  },
  {
    slug: 'washer-not-draining',
    title: 'Washing machine will not drain or leaves water in the drum',
    tags: ['washing machine', 'drain', 'pump', 'troubleshooting'],
    body:
      'If water stays in the drum after the cycle, the drain filter or the drain hose is usually blocked. ' +
      'Switch the machine off, place a shallow tray and towels under the filter flap at the front, and unscrew the filter slowly ' +
      'to let the water out. Clean the filter of lint, hair and small objects. Check that the drain hose is not kinked and ' +
      'that the standpipe or sink trap is clear. If the pump hums but no water moves, or you cannot hear the pump at all, ' +
      'the drain pump may have failed and needs a repair visit.',
    published: true,
    helpful: 35,
    age: 150,
    edited: 40,
  },
  {
    slug: 'washer-door-locked',
    title: 'Washing machine door will not open after a wash',
    tags: ['washing machine', 'door', 'troubleshooting'],
    body:
      'The door stays locked for up to three minutes after a cycle ends while the door lock cools down. ' +
      'If it stays locked longer, check for water in the drum: the machine will not release the door while there is water inside, ' +
      'so drain it first (see the article on draining). After a power cut, switch the machine off at the wall for one minute ' +
      'and on again. Never force the handle; a broken door lock or handle is a repair visit.',
    published: true,
    helpful: 18,
    age: 140,
    edited: 90,
  },
  {
    slug: 'washer-leaking',
    title: 'Water on the floor: finding a washing machine leak',
    tags: ['washing machine', 'leak', 'troubleshooting'],
    body:
      'Dry the floor and run a short rinse to see where the water appears. Water at the front is usually the door seal: ' +
      'look for tears and for fluff or hair trapped in the rubber gasket, and wipe it clean. Water behind the machine ' +
      'points to the inlet hose washers or the drain hose connection; tighten the fittings by hand. ' +
      'Too much detergent causes foam that escapes through the detergent drawer. A leak from underneath while the ' +
      'machine fills or drains needs an engineer: switch off the water tap until the repair visit.',
    published: true,
    helpful: 27,
    age: 130,
    edited: 60,
  },
  {
    slug: 'washer-error-codes',
    title: 'Washing machine error codes explained',
    tags: ['washing machine', 'error code', 'troubleshooting'],
    body:
      'E10 or F05: the machine does not fill with water in time; check that the tap is open and the inlet hose is not kinked. ' +
      'E20 or F02: the water does not drain; clean the drain filter. E40: the door is not closed properly. ' +
      'E60 or F21: the motor or the drum is blocked; check for laundry caught between drum and seal. ' +
      'Any other code, or a code that comes back after a reset, needs a repair visit; note the code for the engineer.',
    published: true,
    helpful: 51,
    age: 120,
    edited: 20,
  },
  // --- appliance repair: other appliances --------------------------------------------------
  {
    slug: 'dishwasher-not-cleaning',
    title: 'Dishwasher leaves dishes dirty or gritty',
    tags: ['dishwasher', 'cleaning', 'troubleshooting'],
    body:
      'Clean the filter at the bottom of the tub every month: twist it out and rinse it under the tap. ' +
      'Check that the spray arms turn freely and that their holes are not blocked by food or limescale. ' +
      'Refill rinse aid and dishwasher salt, and do not overload the racks so the water can reach every item. ' +
      'A gritty film often means the salt setting does not match your water hardness.',
    published: true,
    helpful: 22,
    age: 110,
    edited: 30,
  },
  {
    slug: 'dishwasher-leaking',
    title: 'Dishwasher leaks water onto the floor',
    tags: ['dishwasher', 'leak', 'troubleshooting'],
    body:
      'Use dishwasher detergent only: washing-up liquid makes foam that pushes water out of the door. ' +
      'Check the door seal for cracks and the machine for level, and make sure the filter is seated correctly. ' +
      'If water collects in the base tray, the flood protection stops the machine and shows an error; ' +
      'switch off the water and book a repair visit.',
    published: true,
    helpful: 14,
    age: 105,
    edited: 70,
  },
  {
    slug: 'fridge-not-cooling',
    title: 'Fridge or freezer is not cold enough',
    tags: ['fridge', 'freezer', 'temperature', 'troubleshooting'],
    body:
      'Set the fridge to 4 °C and the freezer to -18 °C and wait 24 hours before judging the temperature. ' +
      'Leave a gap of at least five centimetres behind the appliance so the condenser can get rid of heat, and vacuum the ' +
      'condenser coils. Check that the door seals close all round: a sheet of paper trapped in the door should be hard to pull out. ' +
      'If the compressor runs constantly and the fridge stays warm, the refrigerant circuit needs an engineer.',
    published: true,
    helpful: 33,
    age: 100,
    edited: 15,
  },
  {
    slug: 'fridge-ice-buildup',
    title: 'Ice builds up in the freezer or at the back of the fridge',
    tags: ['fridge', 'freezer', 'ice', 'troubleshooting'],
    body:
      'Ice builds up when warm, moist air gets in. Check the door seal and keep the door closed while you load shopping. ' +
      'Let hot food cool before you put it in. A no-frost freezer that ices up may have a faulty defrost heater; ' +
      'defrost it fully, and if the ice returns within a week, book a repair visit.',
    published: true,
    helpful: 9,
    age: 95,
    edited: 95,
  },
  {
    slug: 'oven-not-heating',
    title: 'Oven does not heat up or heats unevenly',
    tags: ['oven', 'heating', 'troubleshooting'],
    body:
      'Make sure the clock is set: many ovens stay locked until the time is set after a power cut. ' +
      'If only the grill works, the fan or the bottom element may have failed; if the fan turns but the oven stays cold, ' +
      'the fan element is the likely fault. Uneven baking is often solved by using the middle shelf and preheating fully. ' +
      'Element and thermostat replacements are repair visits.',
    published: true,
    helpful: 12,
    age: 90,
    edited: 45,
  },
  {
    slug: 'dryer-not-drying',
    title: 'Tumble dryer takes too long or clothes stay damp',
    tags: ['tumble dryer', 'lint filter', 'troubleshooting'],
    body:
      'Empty the lint filter after every load and rinse it monthly. For a condenser dryer, empty the water container and ' +
      'clean the condenser unit; for a heat pump dryer, also clean the second filter in front of the heat exchanger. ' +
      'Spin laundry at a high speed in the washing machine first. If the drum turns but no heat comes, book a repair visit.',
    published: true,
    helpful: 16,
    age: 85,
    edited: 50,
  },
  {
    slug: 'book-repair-visit',
    title: 'How to book an engineer repair visit',
    tags: ['repair', 'engineer', 'appointment'],
    body:
      'Open a ticket in the help centre or call us, and tell us the appliance model number (on the rating plate inside the door ' +
      'or on the back), the fault and any error code. We offer a two-hour visit window; you will get a text message when the ' +
      'engineer is on the way. Repairs of appliances under warranty are free; outside warranty you pay a fixed call-out fee ' +
      'plus parts. The engineer carries the most common spare parts; if a part has to be ordered, we book the second visit for you.',
    published: true,
    helpful: 64,
    age: 180,
    edited: 8,
  },
  {
    slug: 'warranty-coverage',
    title: 'What the appliance warranty covers',
    tags: ['warranty', 'repair'],
    body:
      'Every appliance comes with a two-year manufacturer warranty from the delivery date. It covers faults in parts and ' +
      'workmanship, the engineer visit and labour. It does not cover damage from misuse, limescale, blocked filters, ' +
      'objects left in the drum or cosmetic damage reported after 14 days. Extended warranty plans add up to three more years.',
    published: true,
    helpful: 38,
    age: 175,
    edited: 25,
  },
  {
    slug: 'find-model-number',
    title: 'Where to find the model and serial number of your appliance',
    tags: ['model number', 'repair', 'warranty'],
    body:
      'The rating plate holds the model number and the serial number. On washing machines and dryers it is inside the door rim; ' +
      'on dishwashers on the side of the door; on fridges on the inside wall behind the salad drawer; on ovens on the door frame. ' +
      'Take a photo of the plate and attach it to your ticket.',
    published: true,
    helpful: 29,
    age: 170,
    edited: 170,
  },
  // --- billing -----------------------------------------------------------------------------
  {
    slug: 'billing-double-charge',
    title: 'I was charged twice for one order',
    tags: ['billing', 'payment', 'refund'],
    body:
      'A second charge is usually a card authorisation that has not been released yet; your bank drops it within five ' +
      'working days. If both charges still show as paid after five days, open a ticket with the order number and the ' +
      'date of both charges, and we refund the duplicate within three working days.',
    published: true,
    helpful: 47,
    age: 160,
    edited: 10,
  },
  {
    slug: 'billing-invoice-download',
    title: 'Downloading an invoice or a VAT receipt',
    tags: ['billing', 'invoice', 'account'],
    body:
      'Sign in, open Orders and choose Download invoice next to the order. Invoices show VAT separately. ' +
      'Business customers can add a company name and VAT number under Account settings before ordering; ' +
      'to correct an invoice that has already been issued, open a ticket.',
    published: true,
    helpful: 25,
    age: 155,
    edited: 30,
  },
  {
    slug: 'billing-payment-methods',
    title: 'Accepted payment methods',
    tags: ['billing', 'payment'],
    body:
      'We accept debit and credit cards, PayPal, bank transfer and instalment plans for orders above 300. ' +
      'Instalment plans are subject to a credit check. Payment by bank transfer ships once the money has arrived, usually in two working days.',
    published: true,
    helpful: 11,
    age: 150,
    edited: 150,
  },
  {
    slug: 'billing-refund-timing',
    title: 'When will I get my refund?',
    tags: ['billing', 'refund', 'returns'],
    body:
      'We refund to the original payment method within three working days of receiving the returned item or of ' +
      'cancelling the order. Card refunds then take up to five working days to appear on your statement; PayPal refunds are immediate. ' +
      'Instalment plans are cancelled and paid instalments refunded.',
    published: true,
    helpful: 58,
    age: 145,
    edited: 5,
  },
  {
    slug: 'billing-callout-fee',
    title: 'Call-out fee for repairs outside warranty',
    tags: ['billing', 'repair', 'warranty'],
    body:
      'Outside warranty, an engineer visit costs a fixed call-out fee that includes the first thirty minutes of labour. ' +
      'Parts are charged at list price. You approve the quote before any part is fitted; if you decline, only the call-out fee is due.',
    published: true,
    helpful: 13,
    age: 140,
    edited: 35,
  },
  // --- delivery ----------------------------------------------------------------------------
  {
    slug: 'delivery-tracking',
    title: 'Tracking your delivery',
    tags: ['delivery', 'tracking'],
    body:
      'You receive a tracking link by e-mail when your order leaves the warehouse. On the day before delivery we send a ' +
      'two-hour time slot by text message. Large appliances are delivered by our own two-person crew; small items by parcel courier.',
    published: true,
    helpful: 40,
    age: 135,
    edited: 22,
  },
  {
    slug: 'delivery-missed',
    title: 'I missed my delivery: rebooking a slot',
    tags: ['delivery', 'rebooking'],
    body:
      'If nobody was home, the crew leaves a card and the order returns to the depot. Rebook a new slot with the link in the ' +
      'text message or by opening a ticket; the first rebooking is free. Parcels go to the nearest pick-up point for seven days.',
    published: true,
    helpful: 21,
    age: 130,
    edited: 55,
  },
  {
    slug: 'delivery-installation',
    title: 'Installation and removal of your old appliance',
    tags: ['delivery', 'installation', 'recycling'],
    body:
      'Add installation when you order and the delivery crew connects washing machines, dishwashers and freestanding cookers ' +
      'to existing connections. Removal and recycling of your old appliance must be booked with the order; disconnect and empty it ' +
      'before the crew arrives. Gas and built-in appliances need a separate engineer appointment.',
    published: true,
    helpful: 19,
    age: 125,
    edited: 125,
  },
  {
    slug: 'delivery-damaged',
    title: 'My appliance arrived damaged',
    tags: ['delivery', 'damage', 'returns'],
    body:
      'Check the appliance while the crew is still there and note any dent or scratch on the delivery note. ' +
      'Report damage found later within 14 days with photos in a ticket. We replace the appliance or offer a partial refund for ' +
      'cosmetic damage you choose to keep.',
    published: true,
    helpful: 24,
    age: 120,
    edited: 18,
  },
  {
    slug: 'delivery-times',
    title: 'Delivery times and costs',
    tags: ['delivery'],
    body:
      'Items in stock are delivered within three to five working days; large appliances on a day you choose at checkout. ' +
      'Delivery is free above 50; express next-day delivery is available for small items ordered before 2 pm.',
    published: true,
    helpful: 8,
    age: 115,
    edited: 115,
  },
  // --- returns -----------------------------------------------------------------------------
  {
    slug: 'returns-how-to',
    title: 'How to return an item',
    tags: ['returns', 'refund'],
    body:
      'You can return most items within 30 days of delivery. Open a ticket or choose Return item under Orders; for small items ' +
      'we e-mail a prepaid label, large appliances are collected by our crew. Pack the item securely; used appliances must be ' +
      'clean, empty and dry.',
    published: true,
    helpful: 52,
    age: 110,
    edited: 14,
  },
  {
    slug: 'returns-exceptions',
    title: 'Items that cannot be returned',
    tags: ['returns'],
    body:
      'Built-in appliances that have been installed, made-to-measure items, opened filters and consumables cannot be returned ' +
      'unless they are faulty. Faulty items are always covered by the warranty.',
    published: true,
    helpful: 7,
    age: 105,
    edited: 105,
  },
  {
    slug: 'returns-exchange',
    title: 'Exchanging an appliance for a different model',
    tags: ['returns', 'exchange'],
    body:
      'Within 30 days you can exchange an appliance for another model. Place the new order and open a return for the old one; ' +
      'the crew delivers the new appliance and collects the old one in the same visit. Any price difference is refunded or charged.',
    published: true,
    helpful: 10,
    age: 100,
    edited: 66,
  },
  // --- accounts ----------------------------------------------------------------------------
  {
    slug: 'account-reset-password',
    title: 'Resetting your password',
    tags: ['account', 'password', 'sign in'],
    body:
      'Choose Forgot password on the sign-in page and enter your e-mail address; the reset link is valid for one hour. ' +
      'Check your spam folder if the e-mail does not arrive within ten minutes. After five failed sign-in attempts the account ' +
      'is locked for fifteen minutes.',
    published: true,
    helpful: 61,
    age: 95,
    edited: 9,
  },
  {
    slug: 'account-change-email',
    title: 'Changing the e-mail address or phone number on your account',
    tags: ['account', 'email'],
    body:
      'Open Account settings, enter the new e-mail address and confirm it with the link we send there. ' +
      'Your order history and warranty registrations move with the account. Phone numbers are changed on the same page.',
    published: true,
    helpful: 15,
    age: 90,
    edited: 28,
  },
  {
    slug: 'account-delete',
    title: 'Closing your account and deleting your data',
    tags: ['account', 'privacy'],
    body:
      'Open a ticket asking us to close your account. We delete your personal data within 30 days, except invoices we must ' +
      'keep for tax purposes. Open orders and repair visits must be completed or cancelled first.',
    published: true,
    helpful: 6,
    age: 85,
    edited: 85,
  },
  {
    slug: 'account-register-warranty',
    title: 'Registering an appliance for warranty and reminders',
    tags: ['account', 'warranty', 'model number'],
    body:
      'Appliances bought from us are registered automatically. For an appliance bought elsewhere, add it under My appliances ' +
      'with the model and serial number and a photo of the receipt. Registered appliances get filter and descaling reminders.',
    published: true,
    helpful: 17,
    age: 80,
    edited: 40,
  },
  // --- drafts ------------------------------------------------------------------------------
  {
    slug: 'draft-washer-drum-replacement',
    title: 'Draft: replacing a washing machine drum assembly (engineers only)',
    tags: ['washing machine', 'drum', 'internal'],
    body:
      'Internal procedure for engineers: disconnect power and water, remove the top panel and counterweights, ' +
      'detach the motor and suspension, lift out the tub and replace the drum and bearing assembly as one unit.',
    published: false,
    helpful: 0,
    age: 20,
    edited: 3,
  },
  {
    slug: 'draft-billing-price-change',
    title: 'Draft: new call-out fee from next quarter',
    tags: ['billing', 'repair', 'internal'],
    body: 'The call-out fee changes next quarter. Wording to be confirmed by finance before publication.',
    published: false,
    helpful: 0,
    age: 10,
    edited: 2,
  },
  {
    slug: 'draft-delivery-saturday',
    title: 'Draft: Saturday deliveries',
    tags: ['delivery'],
    body: 'Saturday delivery slots will be offered in selected regions. Regions and surcharge still to be decided.',
    published: false,
    helpful: 0,
    age: 7,
    edited: 7,
  },
  {
    slug: 'draft-returns-restocking',
    title: 'Draft: restocking fee for opened large appliances',
    tags: ['returns', 'internal'],
    body: 'Proposal under review: a restocking fee for large appliances returned after installation.',
    published: false,
    helpful: 0,
    age: 4,
    edited: 1,
  },
];

/** Writes the demo articles (one statement; articles that exist already are left alone). */
export async function seedDemoKnowledge(app: App): Promise<void> {
  const now = app.clock.now().getTime();
  const rows = DEMO_ARTICLES.map((a) => ({
    slug: a.slug,
    title: a.title,
    body: a.body,
    tags: a.tags,
    published: a.published,
    helpful_count: a.helpful,
    language: 'en',
    created_at: new Date(now - a.age * DAY).toISOString(),
    updated_at: new Date(now - Math.min(a.edited, a.age) * DAY).toISOString(),
  }));
  await app.db.query(
    `INSERT INTO knowledge_article (id, title, body, tags, published, helpful_count, language, created_at, updated_at)
     SELECT md5('servicegraph-knowledge:' || r.slug)::uuid, r.title, r.body, r.tags, r.published, r.helpful_count, r.language, r.created_at, r.updated_at
       FROM json_to_recordset($1::json)
         AS r(slug text, title text, body text, tags text[], published boolean, helpful_count int, language text, created_at timestamptz, updated_at timestamptz)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}


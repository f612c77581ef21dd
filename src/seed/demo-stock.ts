/**
 * Demo repair-parts stock: a catalogue of ~40 spare parts for the appliances the demo
 * tickets are about, two warehouses, three depots and four service vans, a stock level per
 * part and location (some LOW, some OUT_OF_STOCK), and a ledger that explains every level:
 * receipts and stock-count adjustments at the warehouses, transfers out to depots and vans,
 * parts reserved and fitted (or released) on resolved repair tickets, and parts still held
 * by open repair tickets.
 *
 * Deterministic: ids are md5 of a stable key, every choice comes from a seeded PRNG (never
 * Math.random), times are offsets from `app.clock.now()`. The ledger is simulated in time
 * order before anything is written, so each level equals the sum of its movements and the
 * invariants (0 ≤ reserved ≤ on hand) hold after every movement. One statement per table,
 * one transaction; a database that has parts already is left alone.
 */
import crypto from 'node:crypto';
import type { App } from '../app/app';
import { log } from '../logger';
import { LocationKind, ReservationStatus, StockMovementKind } from '../modules/inventory/inventory.enums';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** advisory lock key: two hubs seeding one database write the stock once */
const STOCK_SEED_LOCK = 0x53_47_53_4b; // "SGSK"
const SEED = 4_0421;

/** mulberry32 */
class Prng {
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
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A stable uuid for a key (md5, like `md5(key)::uuid` in SQL). */
function uuidFor(key: string): string {
  const h = crypto.createHash('md5').update(`servicegraph-stock:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// ── catalogue ──────────────────────────────────────────────────────────────────────────

interface DemoPart {
  sku: string;
  name: string;
  description: string;
  unitCost: string;
  leadTimeDays: number;
  /** words in a ticket's subject or description that identify the appliance */
  appliance: string[];
  /** fault words that make this the part to fit */
  faults: string[];
  /** small and common: every van carries it */
  vanKit?: boolean;
  /** expensive and slow-moving: kept at the warehouses only */
  central?: boolean;
}

const WM = ['washing machine', 'washer', 'WM 8'];
const DW = ['dishwasher', 'DW 600'];
const FR = ['fridge', 'freezer', 'KG 36'];
const TD = ['dryer', 'TD 9'];
const CM = ['coffee', 'Barista'];
const RV = ['vacuum', 'RV 40'];
const OV = ['oven', 'BO 500'];
const IH = ['hob', 'IH 60'];
const TV = ['TV', 'QL 55'];
const SB = ['soundbar', 'SB 300'];

export const DEMO_PARTS: readonly DemoPart[] = [
  { sku: 'WM-PMP-0421', name: 'Drain pump, WM 8 series', description: 'Synchronous drain pump 30 W with filter housing; fits WM 8 Eco and WM 8 Pro.', unitCost: '38.90', leadTimeDays: 5, appliance: WM, faults: ['drain', 'water'], vanKit: true },
  { sku: 'WM-BRG-6205', name: 'Drum bearing kit 6205/6206 with shaft seal', description: 'Two bearings, shaft seal and grease for the WM 8 drum; fit with the bearing press.', unitCost: '54.50', leadTimeDays: 7, appliance: WM, faults: ['bangs', 'spin', 'noise', 'noisy', 'rumbl'] },
  { sku: 'WM-SEAL-0810', name: 'Door seal (bellows), WM 8', description: 'Front door bellows with drain channel and clamp ring.', unitCost: '42.00', leadTimeDays: 6, appliance: WM, faults: ['leak', 'seal'] },
  { sku: 'WM-LOCK-0117', name: 'Door interlock, WM 8', description: 'Three-pin PTC door lock; replaces 0117-A and 0117-B.', unitCost: '24.80', leadTimeDays: 4, appliance: WM, faults: ['door', 'unlock', 'locked'], vanKit: true },
  { sku: 'WM-BRSH-0300', name: 'Motor carbon brushes (pair)', description: 'Carbon brushes 5×12.5×32 mm with holders for universal motors.', unitCost: '12.40', leadTimeDays: 3, appliance: WM, faults: ['spin', 'motor'], vanKit: true },
  { sku: 'WM-BELT-1192', name: 'Drive belt 1192 J5', description: 'Poly-V drive belt, 1192 mm, five ribs.', unitCost: '14.90', leadTimeDays: 3, appliance: WM, faults: ['spin', 'drum'], vanKit: true },
  { sku: 'WM-HTR-2000', name: 'Heating element 2000 W, WM 8', description: 'Tubular heater with NTC sensor and seal.', unitCost: '31.60', leadTimeDays: 5, appliance: WM, faults: ['cold', 'heat'] },
  { sku: 'WM-SHK-0100', name: 'Drum shock absorbers (pair)', description: '100 N friction dampers with pins.', unitCost: '19.70', leadTimeDays: 4, appliance: WM, faults: ['bangs', 'walks', 'shak'], vanKit: true },
  { sku: 'WM-PCB-0800', name: 'Main control board, WM 8 Eco', description: 'Programmed power and control module; needs the service tool to code.', unitCost: '189.00', leadTimeDays: 21, appliance: WM, faults: ['E21', 'E18', 'F05', 'stops'], central: true },
  { sku: 'DW-PMP-0600', name: 'Drain pump, DW 600', description: 'Drain pump 30 W with bayonet mount.', unitCost: '35.20', leadTimeDays: 5, appliance: DW, faults: ['drain', 'E24'], vanKit: true },
  { sku: 'DW-CIRC-0610', name: 'Circulation pump with heater, DW 600', description: 'Heat pump assembly (pump and flow heater), 2 kW.', unitCost: '124.00', leadTimeDays: 14, appliance: DW, faults: ['wet', 'cold', 'E09', 'stops'] },
  { sku: 'DW-ARM-0620', name: 'Lower spray arm, DW 600', description: 'Lower spray arm with bearing ring.', unitCost: '16.30', leadTimeDays: 4, appliance: DW, faults: ['dirty', 'clean'], vanKit: true },
  { sku: 'DW-FLT-0630', name: 'Filter assembly (micro and coarse), DW 600', description: 'Three-part filter combination.', unitCost: '18.90', leadTimeDays: 3, appliance: DW, faults: ['drain', 'smell'], vanKit: true },
  { sku: 'DW-SEAL-0640', name: 'Door gasket, DW 600', description: 'Tub door gasket, 2.3 m.', unitCost: '22.40', leadTimeDays: 5, appliance: DW, faults: ['leak'] },
  { sku: 'DW-VLV-0650', name: 'Inlet valve with Aquastop', description: 'Single inlet valve 230 V with flood-protection hose.', unitCost: '27.80', leadTimeDays: 6, appliance: DW, faults: ['E15', 'water', 'leak'], vanKit: true },
  { sku: 'FR-THM-0360', name: 'Thermostat, KG 36', description: 'Electronic thermostat with sensor lead.', unitCost: '29.50', leadTimeDays: 7, appliance: FR, faults: ['cool', 'warm', 'cold'], vanKit: true },
  { sku: 'FR-FAN-0361', name: 'Evaporator fan motor 12 V', description: 'No-frost fan motor with blade.', unitCost: '33.70', leadTimeDays: 7, appliance: FR, faults: ['buzz', 'noise', 'cool'] },
  { sku: 'FR-SEAL-0362', name: 'Door gasket, fridge compartment, KG 36', description: 'Magnetic push-in gasket 1050 × 560 mm.', unitCost: '46.00', leadTimeDays: 10, appliance: FR, faults: ['ice', 'beep'] },
  { sku: 'FR-DEF-0363', name: 'Defrost heater, KG 36', description: 'Evaporator defrost heater 160 W.', unitCost: '25.40', leadTimeDays: 8, appliance: FR, faults: ['ice', 'frost'] },
  { sku: 'FR-CMP-0364', name: 'Compressor R600a 1/5 hp', description: 'Hermetic compressor for KG 36; fitted by a refrigeration technician.', unitCost: '215.00', leadTimeDays: 28, appliance: FR, faults: ['stopped cooling', 'F2-1'], central: true },
  { sku: 'TD-BELT-1965', name: 'Drum belt 1965 H7', description: 'Poly-V dryer belt, 1965 mm, seven ribs.', unitCost: '13.60', leadTimeDays: 3, appliance: TD, faults: ['drum', 'stops'], vanKit: true },
  { sku: 'TD-FLT-0900', name: 'Fluff filter set, TD 9', description: 'Door filter and plinth foam filter.', unitCost: '17.20', leadTimeDays: 3, appliance: TD, faults: ['damp', 'filter', 'condenser'], vanKit: true },
  { sku: 'TD-CND-0910', name: 'Heat-pump condenser, TD 9', description: 'Condenser coil for the TD 9 heat pump.', unitCost: '148.00', leadTimeDays: 21, appliance: TD, faults: ['condenser', 'F0-1'], central: true },
  { sku: 'TD-SNS-0920', name: 'Humidity sensor, TD 9', description: 'Conductive moisture sensor bars with lead.', unitCost: '21.90', leadTimeDays: 5, appliance: TD, faults: ['damp', 'ten minutes'] },
  { sku: 'CM-GRN-0100', name: 'Grinder assembly, Barista One', description: 'Conical burr grinder with motor.', unitCost: '64.00', leadTimeDays: 10, appliance: CM, faults: ['grinder', 'blocked'] },
  { sku: 'CM-PMP-0110', name: 'Water pump EP5, 48 W', description: 'Vibration pump 15 bar.', unitCost: '26.50', leadTimeDays: 5, appliance: CM, faults: ['leak', 'water', 'lukewarm'], vanKit: true },
  { sku: 'CM-SEAL-0120', name: 'Brewing unit seal kit', description: 'O-rings and piston seals for the brewing unit.', unitCost: '9.80', leadTimeDays: 2, appliance: CM, faults: ['leak'], vanKit: true },
  { sku: 'CM-FRO-0130', name: 'Milk frother module, Barista One', description: 'Frother head with valve and tube set.', unitCost: '48.30', leadTimeDays: 12, appliance: CM, faults: ['frother', 'milk'] },
  { sku: 'RV-BAT-4000', name: 'Li-ion battery 14.4 V 3200 mAh, RV 40', description: 'Battery pack with BMS.', unitCost: '59.90', leadTimeDays: 9, appliance: RV, faults: ['battery', 'dock'] },
  { sku: 'RV-BRS-4010', name: 'Side brushes (pair), RV 40', description: 'Three-arm side brushes.', unitCost: '7.40', leadTimeDays: 2, appliance: RV, faults: ['brush'], vanKit: true },
  { sku: 'RV-WHL-4020', name: 'Drive wheel module, RV 40', description: 'Left or right drive wheel with motor and odometer.', unitCost: '36.80', leadTimeDays: 10, appliance: RV, faults: ['dock', 'Error 2'] },
  { sku: 'OV-ELM-5000', name: 'Upper heating element 2200 W, BO 500', description: 'Grill and top heat element.', unitCost: '41.20', leadTimeDays: 6, appliance: OV, faults: ['heat', 'E011'] },
  { sku: 'OV-FAN-5010', name: 'Convection fan motor, BO 500', description: 'Hot-air fan motor 32 W.', unitCost: '52.60', leadTimeDays: 8, appliance: OV, faults: ['fan', 'loud'] },
  { sku: 'OV-LCK-5020', name: 'Pyrolysis door lock, BO 500', description: 'Motorised door lock with micro switches.', unitCost: '38.10', leadTimeDays: 10, appliance: OV, faults: ['door', 'locked', 'pyrolysis', 'F14'] },
  { sku: 'IH-GEN-6000', name: 'Induction generator board, IH 60', description: 'Power board for two zones.', unitCost: '176.00', leadTimeDays: 24, appliance: IH, faults: ['heat', 'switches off', 'U400'], central: true },
  { sku: 'IH-TCH-6010', name: 'Touch control panel, IH 60', description: 'Slider control module with ribbon cable.', unitCost: '98.50', leadTimeDays: 18, appliance: IH, faults: ['touch', 'respond', 'ER03'] },
  { sku: 'TV-PSU-5500', name: 'Power supply board, QL 55', description: 'Main power board BN44-series.', unitCost: '87.00', leadTimeDays: 14, appliance: TV, faults: ['picture', 'E-203'] },
  { sku: 'TV-WIFI-5510', name: 'Wi-Fi/Bluetooth module, QL 55', description: 'Dual-band wireless module.', unitCost: '23.40', leadTimeDays: 7, appliance: TV, faults: ['wi-fi', 'wifi'] },
  { sku: 'SB-HDMI-3000', name: 'HDMI ARC board, SB 300', description: 'HDMI input/ARC board.', unitCost: '44.70', leadTimeDays: 12, appliance: SB, faults: ['hdmi', 'arc'] },
  { sku: 'SB-RMT-3010', name: 'Remote control, SB 300', description: 'Infrared remote, paired ex works.', unitCost: '11.90', leadTimeDays: 3, appliance: SB, faults: ['remote'], vanKit: true },
  { sku: 'GEN-HOSE-1500', name: 'Inlet hose 1.5 m, 3/4"', description: 'Pressure hose for washing machines and dishwashers.', unitCost: '9.90', leadTimeDays: 2, appliance: [...WM, ...DW], faults: ['leak', 'hose'], vanKit: true },
  { sku: 'GEN-FUSE-0010', name: 'Thermal fuse kit (5 pieces)', description: 'Assorted thermal cut-outs 142–240 °C.', unitCost: '6.20', leadTimeDays: 2, appliance: [...TD, ...OV, ...CM], faults: ['heat', 'dead'], vanKit: true },
];

interface DemoLocation {
  code: string;
  name: string;
  kind: LocationKind;
  /** the warehouse that supplies it (depots and vans) */
  from?: string;
}

export const DEMO_LOCATIONS: readonly DemoLocation[] = [
  { code: 'WH-BER', name: 'Central warehouse Berlin', kind: LocationKind.WAREHOUSE },
  { code: 'WH-MUC', name: 'Warehouse Munich', kind: LocationKind.WAREHOUSE },
  { code: 'DEP-HAM', name: 'Depot Hamburg', kind: LocationKind.DEPOT, from: 'WH-BER' },
  { code: 'DEP-CGN', name: 'Depot Cologne', kind: LocationKind.DEPOT, from: 'WH-BER' },
  { code: 'DEP-VIE', name: 'Depot Vienna', kind: LocationKind.DEPOT, from: 'WH-MUC' },
  { code: 'VAN-01', name: 'Service van 01 (Berlin)', kind: LocationKind.VAN, from: 'WH-BER' },
  { code: 'VAN-02', name: 'Service van 02 (Hamburg)', kind: LocationKind.VAN, from: 'WH-BER' },
  { code: 'VAN-03', name: 'Service van 03 (Munich)', kind: LocationKind.VAN, from: 'WH-MUC' },
  { code: 'VAN-04', name: 'Service van 04 (Frankfurt)', kind: LocationKind.VAN, from: 'WH-MUC' },
];

// ── building the ledger ─────────────────────────────────────────────────────────────────

interface Level {
  id: string;
  part: DemoPart;
  loc: DemoLocation;
  reorderPoint: number;
  reorderQuantity: number;
  /** what should be available at the end */
  target: number;
  ops: Op[];
}

interface Op {
  level: Level;
  at: number;
  kind: StockMovementKind;
  /** signed change of on hand / of reserved */
  onHand: number;
  reserved: number;
  ticketId?: string;
  reservationId?: string;
  reference?: string;
  note?: string;
  /** filled in once the supply is known */
  pending?: 'transferIn' | 'transferOut' | 'receipt';
  pairOf?: Op;
  order: number;
}

interface TicketRow {
  id: string;
  number: number;
  status: string;
  text: string;
  created_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
}

interface ReservationRow {
  id: string;
  ticket_id: string;
  part_id: string;
  location_id: string;
  stock_level_id: string;
  quantity: number;
  status: ReservationStatus;
  created_at: string;
  updated_at: string;
  settled_at: string | null;
}

function partFor(rng: Prng, t: TicketRow): DemoPart {
  const text = t.text.toLowerCase();
  // central parts are fitted from the warehouse on a planned visit, never reserved off a van or depot
  const stocked = DEMO_PARTS.filter((p) => !p.central);
  const word = (w: string) => new RegExp(`\\b${w.toLowerCase().replace(/[^a-z0-9 ]/g, '.')}\\b`).test(text); // "washer" is not "dishwasher"
  const forAppliance = stocked.filter((p) => p.appliance.some(word));
  const fitting = forAppliance.filter((p) => p.faults.some((f) => text.includes(f.toLowerCase())));
  if (fitting.length) return rng.pick(fitting);
  if (forAppliance.length) return rng.pick(forAppliance);
  return rng.pick(stocked.filter((p) => p.vanKit));
}

function targetFor(rng: Prng, kind: LocationKind, reorderPoint: number): number {
  const [okShare, lowShare] = kind === LocationKind.WAREHOUSE ? [0.88, 0.09] : kind === LocationKind.DEPOT ? [0.8, 0.13] : [0.78, 0.14];
  const r = rng.next();
  if (r < okShare) return reorderPoint + rng.int(1, Math.max(2, reorderPoint * 3));
  if (r < okShare + lowShare) return rng.int(1, Math.max(1, reorderPoint));
  return 0;
}

export function buildDemoStock(now: Date, tickets: { open: TicketRow[]; done: TicketRow[] }) {
  const rng = new Prng(SEED);
  const t0 = now.getTime();
  let order = 0;

  // levels: warehouses hold everything, depots all but central parts, vans the van kit
  const levels: Level[] = [];
  const levelOf = new Map<string, Level>();
  for (const part of DEMO_PARTS) {
    for (const loc of DEMO_LOCATIONS) {
      if (loc.kind === LocationKind.DEPOT && part.central) continue;
      if (loc.kind === LocationKind.VAN && !part.vanKit) continue;
      const expensive = Number(part.unitCost) >= 80;
      const reorderPoint =
        loc.kind === LocationKind.WAREHOUSE ? (expensive ? rng.int(2, 5) : rng.int(10, 30)) : loc.kind === LocationKind.DEPOT ? rng.int(3, 8) : rng.int(1, 2);
      const reorderQuantity =
        loc.kind === LocationKind.WAREHOUSE ? (expensive ? rng.int(5, 10) : rng.int(5, 20) * 10) : loc.kind === LocationKind.DEPOT ? rng.int(10, 25) : rng.int(3, 6);
      const level: Level = {
        id: uuidFor(`level:${part.sku}:${loc.code}`),
        part,
        loc,
        reorderPoint,
        reorderQuantity,
        target: targetFor(rng, loc.kind, reorderPoint),
        ops: [],
      };
      levels.push(level);
      levelOf.set(`${part.sku}:${loc.code}`, level);
    }
  }
  const add = (op: Omit<Op, 'order'>): Op => {
    const o = { ...op, order: order++ };
    op.level.ops.push(o);
    return o;
  };

  // repair tickets: parts reserved at a van or depot that stocks them
  const reservations: ReservationRow[] = [];
  const holders = (part: DemoPart) => levels.filter((l) => l.part === part && l.loc.kind !== LocationKind.WAREHOUSE);
  const reserveFor = (t: TicketRow, outcome: ReservationStatus, index: number) => {
    const part = partFor(rng, t);
    const options = holders(part);
    const vans = options.filter((l) => l.loc.kind === LocationKind.VAN);
    const level = vans.length && rng.chance(0.6) ? rng.pick(vans) : rng.pick(options);
    const q = part.vanKit && rng.chance(0.25) ? 2 : 1;
    const created = new Date(t.created_at).getTime();
    const at = Math.min(created + rng.int(1, 6) * HOUR, t0 - 10 * 60_000);
    const id = uuidFor(`reservation:${t.id}:${index}`);
    const note = `for ticket #${t.number}`;
    add({ level, at, kind: StockMovementKind.RESERVATION, onHand: 0, reserved: q, ticketId: t.id, reservationId: id, note });
    let settled: number | null = null;
    if (outcome !== ReservationStatus.RESERVED) {
      const end = t.resolved_at ?? t.closed_at;
      settled = Math.max(at + HOUR, end ? new Date(end).getTime() : at + DAY);
      settled = Math.min(settled, t0 - 5 * 60_000);
      if (outcome === ReservationStatus.CONSUMED) {
        add({ level, at: settled, kind: StockMovementKind.CONSUMPTION, onHand: -q, reserved: -q, ticketId: t.id, reservationId: id, note });
      } else {
        add({ level, at: settled, kind: StockMovementKind.RELEASE, onHand: 0, reserved: -q, ticketId: t.id, reservationId: id, note: `${note}: not needed` });
      }
    }
    reservations.push({
      id,
      ticket_id: t.id,
      part_id: uuidFor(`part:${part.sku}`),
      location_id: uuidFor(`location:${level.loc.code}`),
      stock_level_id: level.id,
      quantity: q,
      status: outcome,
      created_at: new Date(at).toISOString(),
      updated_at: new Date(settled ?? at).toISOString(),
      settled_at: settled === null ? null : new Date(settled).toISOString(),
    });
  };
  for (const t of tickets.done) reserveFor(t, rng.chance(0.85) ? ReservationStatus.CONSUMED : ReservationStatus.RELEASED, 0);
  for (const t of tickets.open) {
    reserveFor(t, ReservationStatus.RESERVED, 0);
    if (rng.chance(0.3)) reserveFor(t, ReservationStatus.RESERVED, 1);
  }

  // stock counts: a few small corrections in the last weeks
  for (const level of levels) {
    if (!rng.chance(0.12)) continue;
    const delta = rng.pick([-2, -1, -1, 1]);
    const reason = delta < 0 ? rng.pick(['Damaged in storage', 'Stock count: missing', 'Damaged in transit']) : 'Stock count: found';
    add({ level, at: t0 - rng.int(3, 20) * DAY - rng.int(0, 8) * HOUR, kind: StockMovementKind.ADJUSTMENT, onHand: delta, reserved: 0, note: reason });
  }

  // supply: depots and vans were stocked from their warehouse; warehouses received from suppliers
  let po = 4100;
  let tr = 7300;
  for (const level of levels) {
    if (level.loc.kind === LocationKind.WAREHOUSE) continue;
    const ref = `TR-${tr++}`;
    const at = t0 - 100 * DAY + rng.int(0, 48) * HOUR;
    const inOp = add({ level, at, kind: StockMovementKind.TRANSFER_IN, onHand: 0, reserved: 0, reference: ref, note: `from ${level.loc.from}`, pending: 'transferIn' });
    const wh = levelOf.get(`${level.part.sku}:${level.loc.from}`)!;
    inOp.pairOf = add({ level: wh, at, kind: StockMovementKind.TRANSFER_OUT, onHand: 0, reserved: 0, reference: ref, note: `to ${level.loc.code}`, pending: 'transferOut' });
  }
  for (const level of levels) {
    if (level.loc.kind !== LocationKind.WAREHOUSE) continue;
    add({ level, at: t0 - 110 * DAY + rng.int(0, 72) * HOUR, kind: StockMovementKind.RECEIPT, onHand: 0, reserved: 0, reference: `PO-${po++}`, pending: 'receipt' });
    if (level.target >= 4 && rng.chance(0.5)) {
      const q = Math.floor(level.target / 2);
      add({ level, at: t0 - rng.int(25, 45) * DAY, kind: StockMovementKind.RECEIPT, onHand: q, reserved: 0, reference: `PO-${po++}` });
    }
  }

  // how much each depot and van needed: what reaches the target after its flows, never short on the way
  const sizeSupply = (level: Level, supplyKind: 'transferIn' | 'receipt') => {
    level.ops.sort((a, b) => a.at - b.at || a.order - b.order);
    let need = level.target;
    let available = 0;
    let lowest = 0;
    for (const op of level.ops) {
      if (op.pending === supplyKind) continue;
      available += op.onHand - op.reserved;
      lowest = Math.min(lowest, available);
    }
    // end: supply + Σ flows = target; on the way: supply + lowest ≥ 0
    need = Math.max(level.target - available, -lowest, 1);
    for (const op of level.ops) if (op.pending === supplyKind) op.onHand = need;
    const over = need + available - level.target;
    if (over > 0 && level.target === 0) {
      // meant to be empty: the last count found the rest missing (after everything else, so never below reserved)
      const last = level.ops[level.ops.length - 1].at;
      add({ level, at: last < t0 - 2 * DAY ? t0 - 2 * DAY : last + 1000, kind: StockMovementKind.ADJUSTMENT, onHand: -over, reserved: 0, note: 'Stock count: missing' });
    }
  };
  for (const level of levels) {
    if (level.loc.kind === LocationKind.WAREHOUSE) continue;
    sizeSupply(level, 'transferIn');
    for (const op of level.ops) if (op.pending === 'transferIn') op.pairOf!.onHand = -op.onHand;
  }
  for (const level of levels) if (level.loc.kind === LocationKind.WAREHOUSE) sizeSupply(level, 'receipt');

  // simulate every level in time order: the movements carry the level after each step
  const all = levels.flatMap((l) => l.ops).sort((a, b) => a.at - b.at || a.order - b.order);
  const state = new Map<Level, { onHand: number; reserved: number; count: number; first: number; last: number }>();
  const movements = all.map((op, i) => {
    const s = state.get(op.level) ?? { onHand: 0, reserved: 0, count: 0, first: op.at, last: op.at };
    s.onHand += op.onHand;
    s.reserved += op.reserved;
    s.count++;
    s.last = op.at;
    state.set(op.level, s);
    if (s.onHand < 0 || s.reserved < 0 || s.reserved > s.onHand) {
      throw new Error(`demo stock ledger broke an invariant at ${op.level.part.sku}/${op.level.loc.code} (${op.kind})`);
    }
    const quantity = op.kind === StockMovementKind.RESERVATION || op.kind === StockMovementKind.RELEASE ? op.reserved : op.onHand;
    return {
      id: uuidFor(`movement:${i}:${op.level.id}:${op.kind}`),
      stock_level_id: op.level.id,
      part_id: uuidFor(`part:${op.level.part.sku}`),
      location_id: uuidFor(`location:${op.level.loc.code}`),
      kind: op.kind,
      quantity,
      on_hand_after: s.onHand,
      reserved_after: s.reserved,
      ticket_id: op.ticketId ?? null,
      reservation_id: op.reservationId ?? null,
      reference: op.reference ?? null,
      note: op.note ?? null,
      created_at: new Date(op.at).toISOString(),
      ord: i,
    };
  });

  const parts = DEMO_PARTS.map((p, i) => ({
    id: uuidFor(`part:${p.sku}`),
    sku: p.sku,
    name: p.name,
    description: p.description,
    unit_cost: p.unitCost,
    lead_time_days: p.leadTimeDays,
    created_at: new Date(t0 - 120 * DAY + i * HOUR).toISOString(),
  }));
  const locations = DEMO_LOCATIONS.map((l, i) => ({
    id: uuidFor(`location:${l.code}`),
    code: l.code,
    name: l.name,
    kind: l.kind,
    created_at: new Date(t0 - 125 * DAY + i * HOUR).toISOString(),
  }));
  const levelRows = levels.map((l) => {
    const s = state.get(l)!;
    return {
      id: l.id,
      part_id: uuidFor(`part:${l.part.sku}`),
      location_id: uuidFor(`location:${l.loc.code}`),
      on_hand: s.onHand,
      reserved: s.reserved,
      reorder_point: l.reorderPoint,
      reorder_quantity: l.reorderQuantity,
      version: s.count,
      created_at: new Date(s.first).toISOString(),
      updated_at: new Date(s.last).toISOString(),
    };
  });
  return { parts, locations, levels: levelRows, movements, reservations };
}

/** Seeds the demo stock (see the file comment); does nothing when there are parts already. */
export async function seedDemoStock(app: App): Promise<void> {
  const started = Date.now();
  const now = app.clock.now();
  const counts = await app.db.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [STOCK_SEED_LOCK]);
    const [{ has }] = await m.query('SELECT EXISTS (SELECT 1 FROM part) AS has');
    if (has) return null;
    const pick = (statuses: string[], limit: number): Promise<TicketRow[]> =>
      m.query(
        `SELECT id, number, status, subject || ' ' || coalesce(description, '') AS text, created_at, resolved_at, closed_at
           FROM ticket WHERE kind = 'REPAIR' AND status = ANY($1) AND created_at < $2
          ORDER BY number LIMIT $3`,
        [statuses, now, limit],
      );
    const open = await pick(['NEW', 'OPEN', 'PENDING', 'ON_HOLD'], 24);
    const done = await pick(['RESOLVED', 'CLOSED'], 40);
    const built = buildDemoStock(now, { open, done });

    await m.query(
      `INSERT INTO part (id, sku, name, description, unit_cost, lead_time_days, created_at, updated_at)
       SELECT r.id, r.sku, r.name, r.description, r.unit_cost, r.lead_time_days, r.created_at, r.created_at
         FROM json_to_recordset($1::json)
           AS r(id uuid, sku text, name text, description text, unit_cost numeric, lead_time_days int, created_at timestamptz)`,
      [JSON.stringify(built.parts)],
    );
    await m.query(
      `INSERT INTO stock_location (id, code, name, kind, created_at, updated_at)
       SELECT r.id, r.code, r.name, r.kind, r.created_at, r.created_at
         FROM json_to_recordset($1::json) AS r(id uuid, code text, name text, kind text, created_at timestamptz)`,
      [JSON.stringify(built.locations)],
    );
    await m.query(
      `INSERT INTO stock_level (id, part_id, location_id, on_hand, reserved, reorder_point, reorder_quantity, version, created_at, updated_at)
       SELECT r.id, r.part_id, r.location_id, r.on_hand, r.reserved, r.reorder_point, r.reorder_quantity, r.version, r.created_at, r.updated_at
         FROM json_to_recordset($1::json)
           AS r(id uuid, part_id uuid, location_id uuid, on_hand int, reserved int, reorder_point int, reorder_quantity int, version int,
                created_at timestamptz, updated_at timestamptz)`,
      [JSON.stringify(built.levels)],
    );
    await m.query(
      `INSERT INTO part_reservation (id, ticket_id, part_id, location_id, stock_level_id, quantity, status, created_at, updated_at, settled_at)
       SELECT r.id, r.ticket_id, r.part_id, r.location_id, r.stock_level_id, r.quantity, r.status, r.created_at, r.updated_at, r.settled_at
         FROM json_to_recordset($1::json)
           AS r(id uuid, ticket_id uuid, part_id uuid, location_id uuid, stock_level_id uuid, quantity int, status text,
                created_at timestamptz, updated_at timestamptz, settled_at timestamptz)`,
      [JSON.stringify(built.reservations)],
    );
    // seq follows the ledger's time order
    await m.query(
      `INSERT INTO stock_movement (id, stock_level_id, part_id, location_id, kind, quantity, on_hand_after, reserved_after,
                                   ticket_id, reservation_id, reference, note, created_at)
       SELECT r.id, r.stock_level_id, r.part_id, r.location_id, r.kind, r.quantity, r.on_hand_after, r.reserved_after,
              r.ticket_id, r.reservation_id, r.reference, r.note, r.created_at
         FROM json_to_recordset($1::json)
           AS r(id uuid, stock_level_id uuid, part_id uuid, location_id uuid, kind text, quantity int, on_hand_after int, reserved_after int,
                ticket_id uuid, reservation_id uuid, reference text, note text, created_at timestamptz, ord int)
        ORDER BY r.ord`,
      [JSON.stringify(built.movements)],
    );
    const [status] = await m.query(
      `SELECT count(*) FILTER (WHERE on_hand - reserved <= 0)::int AS out_of_stock,
              count(*) FILTER (WHERE on_hand - reserved > 0 AND on_hand - reserved <= reorder_point)::int AS low
         FROM stock_level`,
    );
    return {
      parts: built.parts.length,
      locations: built.locations.length,
      levels: built.levels.length,
      movements: built.movements.length,
      reservations: built.reservations.length,
      heldByOpenTickets: built.reservations.filter((r) => r.status === ReservationStatus.RESERVED).length,
      low: status.low as number,
      outOfStock: status.out_of_stock as number,
    };
  });
  if (!counts) {
    log.debug('demo stock skipped: there are parts already');
    return;
  }
  log.info('demo stock seeded', { ...counts, ms: Date.now() - started });
}

// Deterministic benchmark posts: varied NHS-staff social-media sentences (mostly clean, some with findings) cycled to exact lengths.
import fs from 'node:fs';
import path from 'node:path';

// Roughly one sentence in four should give a finding (patient detail, identifiers, swearing,
// speaking for the Trust, media, money...), as a real draft with problems would.
export const SENTENCES = [
  'What a shift on the ward today, so proud of this team.',
  'Huge thanks to everyone who came to the cake sale for the children\'s unit!',
  'Lovely lady in bed 4 told me all about her 60 years of marriage.',
  'Reminder: flu jabs are available in the staff room until Friday.',
  'Our new physio gym at Stoke Mandeville Hospital opens next month.',
  'Can\'t believe the state of the car park again, absolutely bloody ridiculous.',
  'Congratulations to the maternity team on their award \u{1F389}\u{1F476}',
  'Patient in bay 3 was 94 years old and still doing the crossword every morning.',
  'If you need advice out of hours, call 111 or visit the website.',
  'Views my own. Nurse, runner, mum of two and occasional baker.',
  'My manager is a complete idiot and everyone on the unit knows it.',
  'Message me on 07700 900123 if you want to swap shifts next week.',
  'Did a 13-hour shift, ate one biscuit, would do it all again.',
  'Spoke to a journalist from the local paper about the waiting lists today.',
  'NHS number 943 476 5919 came up twice on the list, what a mix-up.',
  'Get 20% off your first order with my code NURSE20, link in bio!',
  'The sunrise over the helipad this morning was something else.',
  'Thinking of all our colleagues working over the bank holiday weekend.',
  'Mr Patel on ward 10 finally went home today after six weeks with us.',
  'We are hiring! Band 5 staff nurse roles in our surgical team, apply now.',
  'Honestly the board\'s restructuring plan is confidential but it is a disaster.',
  'Celebrating 25 years of the Café des Amis volunteers \u2615 \u2014 merci!',
  'Dr Smith said the cancer figures will be terrible this quarter.',
  'Who else survived the night shift on caffeine and pure stubbornness?',
  'Training day on dementia care: brilliant speakers, great questions.',
  'Email me at jo.bloggs@example.com for the rota spreadsheet.',
  'The new electronic records system crashed three times before lunch.',
  'Shout out to the porters, the real heroes of every hospital.',
  'Saw a patient from last week in Tesco, she looked so well, DOB 12/03/1954 too, same as my nan.',
  'Proud to represent the Trust at the national nursing conference in Leeds.',
  'Remember to hydrate, eat something green and take your breaks.',
  '\u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439\u0442\u0435, we welcome our new international recruits from across the world!',
];

// xorshift32: the same seed gives the same post on every machine and run.
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 2 ** 32; };
}

// A post of exactly `units` UTF-16 code units: sentences in a seeded order, paragraph breaks now
// and then, cut to length without leaving half a surrogate pair (padded with a space instead).
export function makePost(units, seed = 1) {
  const r = rng(seed);
  let s = '';
  while (s.length < units) {
    s += SENTENCES[Math.floor(r() * SENTENCES.length)];
    s += r() < 0.15 ? '\n\n' : ' ';
  }
  s = s.slice(0, units);
  const last = s.charCodeAt(s.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) s = s.slice(0, -1) + ' ';
  return s;
}

export const SIZES = [280, 3000, 63206];

export function writePosts(dir, sizes = SIZES) {
  fs.mkdirSync(dir, { recursive: true });
  return sizes.map((n) => {
    const file = path.join(dir, `post-${n}.txt`);
    fs.writeFileSync(file, makePost(n, n));
    return { size: n, file };
  });
}

/**
 * Japanese (ja-JP): written without spaces, so samples are matched as character sequences.
 *
 * @see https://developer.amazon.com/ja-JP/docs/alexa/custom-skills/understanding-how-users-invoke-custom-skills.html
 *   (「十二星座占いで双子座の運勢を調べて」「十二星座占いに双子座の運勢を聞いて」「十二星座占いを開いて」
 *   「十二星座占いを使って牡牛座の運勢を教えて」)
 * @see https://developer.amazon.com/ja-JP/docs/alexa/custom-skills/standard-built-in-intents.html
 *   (AMAZON.CancelIntent「キャンセル」「取り消し」「やっぱりやめる」; AMAZON.HelpIntent「ヘルプ」
 *   「どうすればいいの」「使い方を教えて」; the other phrases below are the plain words, conservative)
 */

import type { Language } from './language.ts';
import { parseNumber } from '../builtins/numbers.ts';

/** 午前/午後, an hour with 時, then minutes with 分 or 半: 「午後3時」 15:00, 「3時半」 03:30. */
const CLOCK = /^(午前|午後)?(.+?)時(?:(.+?)分|(半))?$/u;

const FIXED: Record<string, string> = { 正午: '12:00', 真夜中: '00:00', 朝: 'MO', 午前中: 'MO', 午後: 'AF', 夕方: 'EV', 夜: 'NI', 今夜: 'NI' };

function time(spoken: string, language: Language): string | undefined {
  const fixed = FIXED[spoken];
  if (fixed) return fixed;
  const clock = CLOCK.exec(spoken);
  if (!clock) return undefined;
  let hour = parseNumber(clock[2]!, language);
  const minute = clock[4] ? 30 : clock[3] ? parseNumber(clock[3], language) : 0;
  if (hour === undefined || minute === undefined || hour > 24 || minute > 59) return undefined;
  if (clock[1] === '午後' && hour < 12) hour += 12;
  if (clock[1] === '午前' && hour === 12) hour = 0;
  return `${String(hour % 24).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

export const ja: Language = {
  code: 'ja',
  spaced: false,
  wakeWords: ['アレクサ', 'alexa'],
  launch: ['を開いて', 'を起動して', 'をスタートして', 'を開始して', 'につないで'].map((l) => `{name}${l}`),
  withRequest: ['{name}を開いて{request}', '{name}を使って{request}', '{name}で{request}', '{name}に{request}', '{request}を{name}に聞いて'],
  intents: {
    'AMAZON.YesIntent': ['はい', 'うん', 'ええ', 'そうです'],
    'AMAZON.NoIntent': ['いいえ', 'いや', 'ううん', '違います'],
    'AMAZON.HelpIntent': ['ヘルプ', 'どうすればいいの', '使い方を教えて'],
    'AMAZON.StopIntent': ['ストップ', '止めて', 'やめて', '終了'],
    'AMAZON.CancelIntent': ['キャンセル', '取り消し', 'やっぱりやめる'],
    'AMAZON.NavigateHomeIntent': ['ホームに戻って'],
  },
  numbers: {
    words: { 〇: 0, 零: 0, ゼロ: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 },
    multipliers: { 十: 10, 百: 100, 千: 1000, 万: 10000 },
    connectors: [],
  },
  dates: { today: ['今日', 'きょう', '本日'], tomorrow: ['明日', 'あした', 'あす'], yesterday: ['昨日', 'きのう'], dayAfterTomorrow: ['明後日', 'あさって'] },
  times: { fixed: FIXED, articles: [], hourWords: ['時'], am: ['午前'], pm: ['午後'] },
  time,
  durations: {
    units: {
      年間: 'Y', 年: 'Y', ヶ月: 'MO', か月: 'MO', カ月: 'MO', ヵ月: 'MO', ケ月: 'MO', 週間: 'W', 日間: 'D', 日: 'D',
      時間: 'H', 分間: 'MIN', 分: 'MIN', 秒間: 'S', 秒: 'S',
    },
    one: [],
    connectors: ['と'],
    fixed: { 半日: 'PT12H' },
  },
};

import type { VehicleClass } from '../catalogue.ts';
import { andList, integer, orList, wordFor } from './format.ts';
import type { Strings } from './strings.ts';

/** The skill's name as users open it: the invocation name of skill-package/interactionModels/custom/ (this language). */
const NAME = 'かんたん配車';

/**
 * Japanese, in the polite form (です・ます). Minutes are "7分": Intl's unit format writes "7 分"
 * with a space, so the number alone goes through Intl here. The service's name is said in katakana.
 */
const LOCALE = 'ja-JP';
const PLACES: Readonly<Record<string, string>> = { work: '職場', home: '自宅' };
const VEHICLES: Readonly<Record<VehicleClass, string>> = { standard: 'スタンダード', xl: 'XL', accessible: 'バリアフリー' };
const minutes = (n: number) => `${integer(LOCALE, n)}分`;
const classes = (ids: readonly VehicleClass[]) => orList(LOCALE, ids.map((id) => wordFor(VEHICLES, id)));
const places = (ids: readonly string[]) => andList(LOCALE, ids.map((id) => `「${wordFor(PLACES, id)}」`));

export const jaJP: Strings = {
  language: 'ja',
  skillName: NAME,
  launch: {
    speech:
      `${NAME}へようこそ。職場や自宅までの配車を頼んだり、ある都市でライドヘイラーが使えるかを聞いたりできます。` +
      'どうしますか？',
    greeting: (name) => `おかえりなさい、${name}さん。どちらへ行きますか？「職場」または「自宅」と言ってください。`,
    reprompt: 'たとえば「職場まで車を呼んで」と言ってください。または「シアトルで使える？」と聞いてください。',
  },
  help: {
    speech:
      'ライドヘイラーのアカウントで配車を手配できます。たとえば「職場まで車を呼んで」と言ってください。' +
      'ライドヘイラーが使える都市もお伝えできます。「ボストンで使える？」と聞いてみてください。' +
      'どうしますか？',
    reprompt: 'どうしますか？',
  },
  goodbye: 'さようなら。',
  oneMoment: '少々お待ちください。アカウントを確認しています。',
  fallback: {
    speech: 'すみません、ライドヘイラーではそのご依頼にお応えできません。職場までの配車や、サービス対象の都市について聞いてください。',
    reprompt: 'どうしますか？',
  },
  error: 'すみません、問題が発生しました。しばらくしてからもう一度お試しください。',
  linking: {
    required:
      '配車を手配するには、登録済みの場所とお支払い方法を使うため、ライドヘイラーのアカウントのリンクが必要です。' +
      'Alexaアプリにカードを送りました。カードを開いてライドヘイラーのアカウントをリンクしてから、もう一度お試しください。',
    invalid:
      'ライドヘイラーのアカウントのリンクが期限切れか、解除されています。配車を手配するには、アカウントをもう一度リンクしてください。' +
      'Alexaアプリにカードを送りました。',
    unavailable: 'すみません、現在ライドヘイラーに接続できません。数分後にもう一度お試しください。',
    voice: '配車を手配するには、登録済みの場所とお支払い方法を使うため、ライドヘイラーのアカウントのリンクが必要です。',
    voiceDeclined:
      'わかりました。今はアカウントをリンクしません。あとで配車を手配するには、Alexaアプリに送ったカードを開いて、' +
      'ライドヘイラーのアカウントをリンクしてください。',
    voiceFailed:
      '音声でアカウントをリンクできませんでした。Alexaアプリにカードを送りました。' +
      'カードを開いてライドヘイラーのアカウントをリンクしてから、もう一度お試しください。',
  },
  pin: {
    notAchieved: 'PINが一致しなかったため、配車は手配していません。',
    notEnabled:
      'どなたが話しているか十分に確認できないため、ご本人のライドヘイラーのアカウントでの配車は手配していません。' +
      'Alexaアプリで音声プロフィールにスキル用のプロフィールPINを追加してください。',
    failed: 'どなたが話しているか確認できなかったため、配車は手配していません。もう一度お試しください。',
  },
  order: {
    confirm: (where, label, payment) =>
      `ライドヘイラーのアカウントで配車を手配します。行き先は登録済みの「${wordFor(PLACES, where)}」、${label}` +
      `${payment ? `、お支払いは${payment}` : ''}です。よろしいですか？`,
    confirmReprompt: (label) => `行き先は${label}でよろしいですか？「はい」か「いいえ」でお答えください。`,
    whereTo: 'どちらへ行きますか？「職場」または「自宅」と言ってください。',
    unknownPlace: (where, known) =>
      `ライドヘイラーのプロフィールに「${where}」という登録済みの場所はありません。` +
      (known.length > 0 ? `登録済みの場所は${places(known)}です。` : '') +
      'ライドヘイラーのアプリで場所を登録してから、もう一度お試しください。',
    placed: (label, eta, name) => `${name ? `${name}さん、` : ''}手配しました。${label}までの車が向かっています。約${minutes(eta)}で到着します。`,
    nameConsent: 'お名前でお呼びするには、Alexaアプリに送ったカードで許可してください。',
    declined: 'わかりました。配車は手配しません。',
    nothingPending: '確認待ちの配車はありません。「職場まで車を呼んで」と言ってください。',
    quotedToSomeoneElse: 'この配車は別のアカウントで準備されたものなので、手配していません。',
  },
  availability: {
    known: (city, ids, eta) =>
      `はい、ライドヘイラーは${city}でご利用いただけます。${classes(ids)}の車を、通常${minutes(eta)}以内に手配できます。`,
    fullRange: (city, ids, eta) =>
      `はい、ライドヘイラーは${city}ですべてのサービスをご提供しています。${classes(ids)}の車を、通常${minutes(eta)}以内に手配できます。`,
    unknown: (city) => `すみません、ライドヘイラーは${city}ではまだご利用いただけません。対応する都市は順次増えていますので、またお試しください。`,
    noCity: 'どの都市について知りたいですか？',
  },
};

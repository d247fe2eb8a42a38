import type { VehicleClass } from '../catalogue.ts';
import { minutes, orList, wordFor } from './format.ts';
import type { Strings } from './strings.ts';

/** The skill's name as users open it: the invocation name of skill-package/interactionModels/custom/ (this language). */
const NAME = 'Corrida Fácil';

/** Brazilian Portuguese, addressing the user as "você". */
const LOCALE = 'pt-BR';
const PLACES: Readonly<Record<string, string>> = { work: 'trabalho', home: 'casa' };
const VEHICLES: Readonly<Record<VehicleClass, string>> = { standard: 'padrão', xl: 'XL', accessible: 'acessíveis' };
const rides = (ids: readonly VehicleClass[]) => `corridas ${orList(LOCALE, ids.map((id) => wordFor(VEHICLES, id)))}`;

export const ptBR: Strings = {
  language: 'pt',
  skillName: NAME,
  launch: {
    speech:
      `Boas-vindas à ${NAME}. Você pode me pedir um carro para o trabalho ou para casa, ` +
      'ou perguntar se o Ride Hailer está disponível em uma cidade. O que você gostaria de fazer?',
    greeting: (name) => `Que bom ter você de volta, ${name}. Para onde você quer ir? Você pode dizer trabalho ou casa.`,
    reprompt: 'Tente dizer: chame um carro para ir para o trabalho. Ou: quais serviços tem em Seattle?',
  },
  help: {
    speech:
      'Posso pedir uma corrida com a sua conta do Ride Hailer, por exemplo: chame um carro para ir para o trabalho. ' +
      'Também posso dizer em quais cidades o Ride Hailer atende. É só perguntar: quais serviços tem em Boston? ' +
      'O que você gostaria de fazer?',
    reprompt: 'O que você gostaria de fazer?',
  },
  goodbye: 'Até logo.',
  oneMoment: 'Um momento, estou verificando a sua conta.',
  fallback: {
    speech:
      'Desculpe, o Ride Hailer não pode ajudar com isso. Você pode pedir uma corrida para o trabalho ' +
      'ou perguntar em quais cidades a gente atende.',
    reprompt: 'O que você gostaria de fazer?',
  },
  error: 'Desculpe, algo deu errado do meu lado. Tente de novo daqui a pouco.',
  linking: {
    required:
      'Para pedir uma corrida, o Ride Hailer precisa saber quem você é, para usar os seus lugares salvos e a sua forma de pagamento. ' +
      'Enviei um cartão para o app Alexa: abra o cartão para vincular a sua conta do Ride Hailer e depois me pergunte de novo.',
    invalid:
      'O vínculo com a sua conta do Ride Hailer expirou ou foi removido. Para pedir corridas, vincule a sua conta de novo: ' +
      'enviei um cartão para o app Alexa.',
    unavailable: 'Desculpe, não estou conseguindo falar com o Ride Hailer agora. Tente de novo em alguns minutos.',
    voice: 'Para pedir uma corrida, o Ride Hailer precisa saber quem você é, para usar os seus lugares salvos e a sua forma de pagamento.',
    voiceDeclined:
      'Tudo bem, não vou vincular a sua conta agora. Para pedir corridas depois, abra o cartão que enviei para o app Alexa ' +
      'e vincule a sua conta do Ride Hailer.',
    voiceFailed:
      'Não consegui vincular a sua conta por voz. Enviei um cartão para o app Alexa: ' +
      'abra o cartão para vincular a sua conta do Ride Hailer e depois me pergunte de novo.',
  },
  pin: {
    notAchieved: 'Esse PIN não confere, então não pedi a corrida.',
    notEnabled:
      'Não tenho certeza suficiente de quem está falando para usar a sua própria conta do Ride Hailer, então não pedi a corrida. ' +
      'Para isso, adicione um PIN de perfil para skills ao seu perfil de voz no app Alexa.',
    failed: 'Não consegui confirmar quem está falando, então não pedi a corrida. Tente de novo.',
  },
  order: {
    confirm: (where, label, payment) =>
      `Vou pedir uma corrida com a sua conta do Ride Hailer. Você quer ir para o seu local salvo “${wordFor(PLACES, where)}”: ` +
      `${label}${payment ? `, pagando com ${payment}` : ''}. Certo?`,
    confirmReprompt: (label) => `Posso pedir a sua corrida para ${label}? Diga sim ou não.`,
    whereTo: 'Para onde você quer ir? Você pode dizer trabalho ou casa.',
    unknownPlace: (where, known) =>
      `Não encontrei nenhum local salvo chamado ${where} no seu perfil do Ride Hailer. ` +
      (known.length > 0 ? `Você pode ir para: ${orList(LOCALE, known.map((id) => wordFor(PLACES, id)))}. ` : '') +
      'Você também pode adicionar um local no app do Ride Hailer e me perguntar de novo.',
    placed: (label, eta, name) =>
      `Pronto${name ? `, ${name}` : ''}. A sua corrida para ${label} está a caminho e deve chegar em cerca de ${minutes(LOCALE, eta)}.`,
    nameConsent: 'Para eu chamar você pelo seu nome, permita isso no cartão que enviei para o seu app Alexa.',
    declined: 'Tudo bem, não vou pedir essa corrida.',
    nothingPending: 'Não há nenhuma corrida esperando confirmação. Você pode dizer: chame um carro para ir para o trabalho.',
    quotedToSomeoneElse: 'Essa corrida foi preparada para outra conta, então não a pedi.',
  },
  availability: {
    known: (city, ids, eta) =>
      `Sim, o Ride Hailer está disponível em ${city}. Você pode pedir ${rides(ids)}, normalmente em até ${minutes(LOCALE, eta)}.`,
    fullRange: (city, ids, eta) =>
      `Sim, o Ride Hailer oferece uma linha completa de serviços em ${city}: ${rides(ids)}, normalmente em até ${minutes(LOCALE, eta)}.`,
    unknown: (city) =>
      `Desculpe, o Ride Hailer ainda não está disponível em ${city}. Estamos chegando a novas cidades o tempo todo, então pergunte de novo em breve.`,
    noCity: 'Sobre qual cidade você quer saber?',
  },
};

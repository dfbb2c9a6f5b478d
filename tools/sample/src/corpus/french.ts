import type { LanguageCorpus } from './corpus-types.js';

export const french: LanguageCorpus = {
  frames: [
    "Bonjour le fédivers ! D'abord un café, ensuite le reste.",
    "Quelqu'un aurait un bon livre sur {t} à me conseiller ?",
    "J'ai enfin terminé mon projet de {t}.",
    'Rien de tel que {t} pour bien finir la journée.',
    "Ce week-end, ce sera {t} et rien d'autre.",
    'Il pleut encore à Paris, journée parfaite pour {t}.',
    'Mon chat a décidé que mon clavier était son lit.',
    'Je viens de publier un article sur {t}.',
    'Pourquoi {t} est-il si compliqué ?',
    'Super soirée à parler de {t} avec des amis.',
    'Petite victoire du jour : {t}.',
  ],
  topics: ['café', 'photographie', 'jardinage', 'vélo', 'cuisine', 'musique', 'lecture', 'randonnée', 'échecs', 'boulangerie', 'astronomie'],
  extras: ["Qu'en pensez-vous ?", 'Je recommande.', 'Photos à venir.', 'On verra bien.'],
  hashtags: ['Photographie', 'LogicielLibre', 'Lecture', 'Chats', 'Vélo'],
  bursts: {
    eurovision: ['Soirée Eurovision entre amis, on a déjà nos favoris !', "La prestation de la France à l'Eurovision était superbe."],
  },
  people: [
    { username: 'camille', displayName: 'Camille' },
    { username: 'louis', displayName: 'Louis' },
    { username: 'manon', displayName: 'Manon 🎨' },
    { username: 'jules', displayName: 'Jules' },
    { username: 'lea', displayName: 'Léa' },
    { username: 'theo', displayName: 'Théo' },
    { username: 'margaux', displayName: 'Margaux' },
    { username: 'antoine', displayName: 'Antoine' },
  ],
  notes: ['Développeuse à Lyon.', 'Vélo, photo et logiciels libres.', 'Prof de maths.'],
  instances: ['piaille.example'],
  altTexts: ['Un croissant sur une assiette blanche.'],
};

import type { LanguageCorpus } from './corpus-types.js';

export const spanish: LanguageCorpus = {
  frames: [
    'Buenos días, fediverso. Primero café, luego el mundo.',
    '¿Alguien me recomienda un libro sobre {t}?',
    'Hoy por fin terminé el proyecto de {t}.',
    'Llevo toda la tarde leyendo sobre {t}.',
    'Nada como {t} en una tarde tranquila.',
    'Este fin de semana toca {t}.',
    'Qué día tan largo. Ahora toca descansar.',
    'Mi gato ha decidido que el teclado es su cama.',
    'Está lloviendo otra vez en Madrid.',
    'Acabo de publicar un artículo sobre {t}.',
    '¿Por qué {t} es tan complicado?',
    'La charla sobre {t} fue muy interesante.',
  ],
  topics: ['café', 'fotografía', 'programación', 'jardinería', 'música', 'ciclismo', 'cocina', 'ajedrez', 'senderismo', 'astronomía', 'poesía'],
  extras: ['¿Qué opináis?', 'Muy recomendable.', 'Más fotos luego.', '¡Deseadme suerte!'],
  hashtags: ['Fotografía', 'SoftwareLibre', 'Libros', 'Música', 'Gatos'],
  bursts: {
    eurovision: ['¡Qué noche de Eurovision! España lo ha dado todo.', 'Viendo Eurovision en familia, como cada año.'],
    aurora: [
      '¡Se ve la aurora desde el norte de España!',
      'Nunca había visto una aurora tan intensa.',
      'La aurora de esta noche es increíble.',
      '¿Alguien más está viendo la aurora?',
    ],
  },
  people: [
    { username: 'lucia', displayName: 'Lucía' },
    { username: 'mateo', displayName: 'Mateo' },
    { username: 'sofia', displayName: 'Sofía 🌙' },
    { username: 'diego', displayName: 'Diego' },
    { username: 'valentina', displayName: 'Valentina' },
    { username: 'pablo', displayName: 'Pablo' },
    { username: 'carmen', displayName: 'Carmen' },
    { username: 'javier', displayName: 'Javier' },
  ],
  notes: ['Desarrolladora en Sevilla.', 'Fotografía, montaña y café.', 'Profesor de historia.'],
  instances: ['masto-es.example'],
  altTexts: ['Una taza de café sobre una mesa de madera.'],
};

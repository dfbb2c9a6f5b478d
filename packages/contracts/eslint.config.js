// The shared rules plus what keeps the contracts pure: the browser imports this package as it is.
import shared from '../../eslint.config.js';

export default [
  ...shared,
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['kafkajs', 'pino', 'mysql2', 'fastify', 'socket.io'],
              message: 'Contracts stay free of I/O: Node runtime code belongs in @trendstream/runtime.',
            },
          ],
        },
      ],
    },
  },
];

import type { FastifyPluginAsync } from 'fastify';
import type { ApiServices } from './api.js';

export const unitRoutes: FastifyPluginAsync<ApiServices> = async () => {};

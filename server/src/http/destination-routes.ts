import {
  Destination,
  DestinationCreate,
  DestinationList,
  DestinationParams,
  DestinationUpdate,
  ErrorBody,
} from '@diemcau/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../conferences/conference-service.js';
import type { ApiServices } from './api-services.js';
import { HOST_OR_ADMIN } from './authentication.js';

const caller = (request: FastifyRequest): Caller => ({ actor: request.principal, ip: request.ip });

/** Livestream destinations for hosts and admins; stream keys go in and never come out (docs/recordings.md). */
export const destinationRoutes: FastifyPluginAsyncTypebox<ApiServices> = async (app, { destinations }) => {
  const tags = ['destinations'];
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

  app.post(
    '/destinations',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'Add a livestream destination (Facebook, YouTube or any RTMP server) with its stream key',
        body: DestinationCreate,
        response: { 201: Destination, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await destinations.create(request.body, caller(request))),
  );

  app.get(
    '/destinations',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'List livestream destinations (keys masked)',
        response: { 200: DestinationList, ...errors },
      },
    },
    async () => ({ items: await destinations.list() }),
  );

  app.get(
    '/destinations/:id',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'A livestream destination',
        params: DestinationParams,
        response: { 200: Destination, ...errors },
      },
    },
    async (request) => destinations.get(request.params.id),
  );

  app.patch(
    '/destinations/:id',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'Rename a destination, change an RTMP server URL or replace the stream key',
        params: DestinationParams,
        body: DestinationUpdate,
        response: { 200: Destination, ...errors },
      },
    },
    async (request) => destinations.update(request.params.id, request.body, caller(request)),
  );

  app.delete(
    '/destinations/:id',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'Delete a livestream destination',
        params: DestinationParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await destinations.delete(request.params.id, caller(request));
      return reply.code(204).send(null);
    },
  );
};

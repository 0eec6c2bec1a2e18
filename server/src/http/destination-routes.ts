import {
  Destination,
  DestinationCreate,
  DestinationList,
  DestinationParams,
  DestinationUpdate,
  ErrorBody,
} from '@diemcau/protocol';
import Type from 'typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Caller } from '../conferences/conference-service.js';
import type { ApiServices } from './api.js';
import { requireRole } from './authentication.js';

const caller = (request: FastifyRequest): Caller => ({ actor: request.principal, ip: request.ip });

/** Livestream destinations for hosts and admins; stream keys go in and never come out (docs/recordings.md). */
export const destinationRoutes: FastifyPluginAsync<ApiServices> = async (app, { audit, destinations }) => {
  const hostOrAdmin = requireRole(audit, 'admin', 'host');
  const tags = ['destinations'];
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

  app.post(
    '/destinations',
    {
      preValidation: hostOrAdmin,
      schema: {
        tags,
        summary: 'Add a livestream destination (Facebook, YouTube or any RTMP server) with its stream key',
        body: DestinationCreate,
        response: { 201: Destination, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await destinations.create(request.body as DestinationCreate, caller(request))),
  );

  app.get(
    '/destinations',
    {
      preValidation: hostOrAdmin,
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
      preValidation: hostOrAdmin,
      schema: {
        tags,
        summary: 'A livestream destination',
        params: DestinationParams,
        response: { 200: Destination, ...errors },
      },
    },
    async (request) => destinations.get((request.params as DestinationParams).id),
  );

  app.patch(
    '/destinations/:id',
    {
      preValidation: hostOrAdmin,
      schema: {
        tags,
        summary: 'Rename a destination, change an RTMP server URL or replace the stream key',
        params: DestinationParams,
        body: DestinationUpdate,
        response: { 200: Destination, ...errors },
      },
    },
    async (request) =>
      destinations.update(
        (request.params as DestinationParams).id,
        request.body as DestinationUpdate,
        caller(request),
      ),
  );

  app.delete(
    '/destinations/:id',
    {
      preValidation: hostOrAdmin,
      schema: {
        tags,
        summary: 'Delete a livestream destination',
        params: DestinationParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await destinations.delete((request.params as DestinationParams).id, caller(request));
      return reply.code(204).send();
    },
  );
};

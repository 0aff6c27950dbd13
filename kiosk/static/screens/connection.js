// The screen's Socket.IO connection: WebSocket only, reconnecting with backoff and jitter
// (at most ~45 s apart) so that a server restart does not bring every screen at once.
import { io } from "/static/vendor/socket.io/socket.io.esm.min.js";

export function connect(key, handlers) {
  const socket = io("/screens", {
    auth: { key }, transports: ["websocket"],
    reconnectionDelay: 1000, reconnectionDelayMax: 45000, randomizationFactor: 0.5,
  });
  for (const [event, handler] of Object.entries(handlers)) socket.on(event, handler);
  return socket;
}

// Emit only while connected: a screen offline keeps playing, it does not queue reports.
export function send(socket, event, data) {
  if (socket && socket.connected) socket.emit(event, data);
}

// Close the connection now and open it again after delayMs plus a random part of spreadMs
// (the player keeps playing meanwhile). If that attempt fails, Socket.IO's own backoff goes on.
export function reconnectElsewhere(socket, delayMs, spreadMs) {
  socket.disconnect();
  setTimeout(() => socket.connect(), delayMs + Math.random() * spreadMs);
}

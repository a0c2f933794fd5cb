-- CreateIndex
CREATE INDEX "lifecycle_event_recorded_at_id_idx" ON "lifecycle_event"("recorded_at" DESC, "id" DESC);

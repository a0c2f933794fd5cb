-- AlterTable
ALTER TABLE "kfunc_release" ADD COLUMN     "seen_in" TEXT[] DEFAULT ARRAY[]::TEXT[];

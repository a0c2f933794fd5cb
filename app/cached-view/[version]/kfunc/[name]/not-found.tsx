export { default } from "@/app/kfuncs/not-found";

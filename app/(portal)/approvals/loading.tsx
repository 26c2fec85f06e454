"use client";

export { default } from "../dashboard/loading";

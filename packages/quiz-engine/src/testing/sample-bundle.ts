import type { CourseBundle } from "../course.ts";
import { makeBundle } from "./make-bundle.ts";

const A = "econ";
const B = "tech";
const C = "market";

/** A small hand-made course covering every kind of analysis the generator reads. */
export function makeSampleBundle(): CourseBundle {
  return makeBundle(
    [
      {
        id: A,
        paragraphs: [
          "When steam engines became more efficient, coal consumption rose instead of falling. This phenomenon is known as the Jevons paradox.",
          "Cheaper AI models will drive wider use of AI, and demand for chips will increase. Lower prices led to a surge in downloads.",
          "Open source means that anyone can read and modify the code. Export controls restrict the sale of advanced chips to China.",
        ],
      },
      {
        id: B,
        paragraphs: [
          "Distillation means compressing a big AI model into a smaller one. Quantization refers to storing model weights with fewer bits. Inference means running a trained model to answer a question.",
          "This automated reasoning training is similar to the AlphaGo Zero model. AlphaGo Zero learned from scratch without human games.",
          "The training cost for the R1 model was $5.576 million, while OpenAI spent $100 million. Meta released LLaMA as open source software.",
          "LLaMA learned from text written by people.",
          "Nvidia lost $589 billion in market value in one day. Microsoft planned to spend $80 billion on data centers.",
        ],
      },
      {
        id: C,
        paragraphs: [
          "On January 20, DeepSeek launched its reasoning model R1. On January 27, the app reached the top of the App Store. By January 31, Nvidia, Amazon and Microsoft announced integrations.",
          "On February 3, Google published a response to the new model.",
        ],
      },
    ],
    {
      mentions: [
        { articleId: B, text: "$5.576 million", kind: "money", value: 5576000, unit: "USD" },
        { articleId: B, text: "$100 million", kind: "money", value: 100000000, unit: "USD" },
        { articleId: B, text: "$589 billion", kind: "money", value: 589e9, unit: "USD" },
        { articleId: B, text: "$80 billion", kind: "money", value: 80e9, unit: "USD" },
        { articleId: B, text: "OpenAI", kind: "organization" },
        { articleId: B, text: "Meta", kind: "organization" },
        { articleId: B, text: "Nvidia", kind: "organization" },
        { articleId: B, text: "Microsoft", kind: "organization" },
        { articleId: B, text: "AlphaGo Zero", kind: "product" },
        { articleId: B, text: "LLaMA", kind: "product" },
        { articleId: B, text: "LLaMA", kind: "product", nth: 1 },
        { articleId: C, text: "DeepSeek", kind: "organization" },
        { articleId: C, text: "Google", kind: "organization" },
        { articleId: C, text: "January 20", kind: "date", normalized: "--01-20" },
        { articleId: C, text: "January 27", kind: "date", normalized: "--01-27" },
        { articleId: C, text: "January 31", kind: "date", normalized: "--01-31" },
        { articleId: C, text: "February 3", kind: "date", normalized: "--02-03" },
        { articleId: C, text: "App Store", kind: "product" },
      ],
      definitions: [
        {
          articleId: A,
          term: "Jevons paradox",
          definition: "when steam engines became more efficient, coal consumption rose instead of falling",
          sentence: "This phenomenon is known as the Jevons paradox.",
          pattern: "known_as",
        },
        {
          articleId: A,
          term: "Open source",
          definition: "anyone can read and modify the code",
          sentence: "Open source means that anyone can read and modify the code.",
        },
        {
          articleId: B,
          term: "Distillation",
          definition: "compressing a big AI model into a smaller one",
          sentence: "Distillation means compressing a big AI model into a smaller one.",
        },
        {
          articleId: B,
          term: "Quantization",
          definition: "storing model weights with fewer bits",
          sentence: "Quantization refers to storing model weights with fewer bits.",
          pattern: "refers_to",
        },
        {
          articleId: B,
          term: "Inference",
          definition: "running a trained model to answer a question",
          sentence: "Inference means running a trained model to answer a question.",
        },
        {
          articleId: B,
          term: "This automated reasoning training",
          definition: "the AlphaGo Zero model",
          sentence: "This automated reasoning training is similar to the AlphaGo Zero model.",
          isAnalogy: true,
        },
      ],
      causalLinks: [
        {
          articleId: A,
          cause: "Cheaper AI models",
          effect: "wider use of AI",
          sentence: "Cheaper AI models will drive wider use of AI, and demand for chips will increase.",
          marker: "drive",
        },
        {
          articleId: A,
          cause: "Lower prices",
          effect: "a surge in downloads",
          sentence: "Lower prices led to a surge in downloads.",
        },
        {
          articleId: A,
          cause: "steam engines became more efficient",
          effect: "coal consumption rose instead of falling",
          sentence: "When steam engines became more efficient, coal consumption rose instead of falling.",
          marker: "when",
        },
      ],
      claims: [
        {
          articleId: B,
          sentence: "The training cost for the R1 model was $5.576 million, while OpenAI spent $100 million.",
        },
        { articleId: B, sentence: "Nvidia lost $589 billion in market value in one day." },
        { articleId: B, sentence: "Microsoft planned to spend $80 billion on data centers." },
        { articleId: B, sentence: "Meta released LLaMA as open source software." },
        { articleId: C, sentence: "On February 3, Google published a response to the new model." },
      ],
      concepts: [
        {
          id: "jevons-paradox",
          name: "Jevons paradox",
          definition: "When efficiency rises, total consumption can rise instead of falling.",
          definitionSentence: { articleId: A, sentence: "This phenomenon is known as the Jevons paradox." },
        },
        {
          id: "distillation",
          name: "Distillation",
          aliases: ["model distillation"],
          definition: "Compressing a big AI model into a smaller one.",
          definitionSentence: {
            articleId: B,
            sentence: "Distillation means compressing a big AI model into a smaller one.",
          },
        },
        {
          id: "alphago-zero",
          name: "AlphaGo Zero",
          definition: "A Go program that learned from scratch without human games.",
          definitionSentence: {
            articleId: B,
            sentence: "AlphaGo Zero learned from scratch without human games.",
          },
        },
        {
          id: "quantization",
          name: "Quantization",
          definition: "Storing model weights with fewer bits.",
          definitionSentence: {
            articleId: B,
            sentence: "Quantization refers to storing model weights with fewer bits.",
          },
        },
        {
          id: "open-source",
          name: "Open source",
          definition: "Code that anyone can read and modify.",
          definitionSentence: {
            articleId: A,
            sentence: "Open source means that anyone can read and modify the code.",
          },
        },
      ],
    },
  );
}

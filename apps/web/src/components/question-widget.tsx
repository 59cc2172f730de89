"use client";

import { useEffect, useState } from "react";
import type { ResponseValue, StudentQuestion } from "../lib/types";
import { StemText } from "./stem-text";

interface WidgetProps {
  question: StudentQuestion;
  value: ResponseValue | undefined;
  onChange: (value: ResponseValue) => void;
  isDisabled?: boolean;
  /** Unique per rendering, so two copies of a question never share element ids. */
  idPrefix: string;
  number: number;
}

/** One question, any of the eight types, operable by keyboard alone. */
export function QuestionWidget(props: WidgetProps) {
  const { question } = props;
  switch (question.type) {
    case "single_choice":
      return <ChoiceWidget {...props} options={question.options} isMultiple={false} />;
    case "multiple_choice":
      return <ChoiceWidget {...props} options={question.options} isMultiple />;
    case "true_false":
      return (
        <ChoiceWidget
          {...props}
          options={[
            { id: "true", text: "True" },
            { id: "false", text: "False" },
          ]}
          isMultiple={false}
          isBoolean
        />
      );
    case "cloze":
    case "short_answer":
    case "numeric":
      return <TextWidget {...props} unit={question.type === "numeric" ? question.unit : null} />;
    case "ordering":
      return <OrderingWidget {...props} options={question.options} />;
    case "matching":
      return <MatchingWidget {...props} left={question.left} right={question.right} />;
  }
}

function Stem({ number, question }: { number: number; question: StudentQuestion }) {
  return (
    <>
      <span className="muted">{number}. </span>
      <StemText question={question} />
    </>
  );
}

function ChoiceWidget({
  question,
  value,
  onChange,
  isDisabled,
  idPrefix,
  number,
  options,
  isMultiple,
  isBoolean,
}: WidgetProps & { options: Array<{ id: string; text: string }>; isMultiple: boolean; isBoolean?: boolean }) {
  const selected = new Set(
    Array.isArray(value) ? value : value === undefined ? [] : [isBoolean ? String(value) : String(value)],
  );
  return (
    <fieldset disabled={isDisabled}>
      <legend className="stem">
        <Stem number={number} question={question} />
      </legend>
      {isMultiple ? <p className="hint">Choose every answer that applies.</p> : null}
      {options.map((option) => {
        const id = `${idPrefix}-${option.id}`;
        return (
          <label key={option.id} className="choice" htmlFor={id}>
            <input
              id={id}
              type={isMultiple ? "checkbox" : "radio"}
              name={idPrefix}
              value={option.id}
              checked={selected.has(option.id)}
              onChange={(event) => {
                if (isBoolean) onChange(option.id === "true");
                else if (!isMultiple) onChange(option.id);
                else {
                  const next = new Set(selected);
                  if (event.target.checked) next.add(option.id);
                  else next.delete(option.id);
                  onChange(options.map((o) => o.id).filter((o) => next.has(o)));
                }
              }}
            />
            <span>{option.text}</span>
          </label>
        );
      })}
    </fieldset>
  );
}

function TextWidget({
  question,
  value,
  onChange,
  isDisabled,
  idPrefix,
  number,
  unit,
}: WidgetProps & { unit: string | null }) {
  const id = `${idPrefix}-input`;
  const isNumeric = question.type === "numeric";
  return (
    <div className="field">
      <label htmlFor={id} className="stem">
        <Stem number={number} question={question} />
      </label>
      <p className="hint" id={`${id}-hint`}>
        {question.type === "cloze"
          ? "Type the missing word or words."
          : isNumeric
            ? `Type a number${unit ? ` (in ${unit})` : ""}.`
            : "Type a short answer."}
      </p>
      <div className="row">
        <input
          id={id}
          type="text"
          inputMode={isNumeric ? "decimal" : "text"}
          autoComplete="off"
          spellCheck={!isNumeric}
          aria-describedby={`${id}-hint`}
          value={value === undefined ? "" : String(value)}
          disabled={isDisabled}
          onChange={(event) => onChange(event.target.value)}
        />
        {unit ? <span className="muted">{unit}</span> : null}
      </div>
    </div>
  );
}

function OrderingWidget({
  question,
  value,
  onChange,
  isDisabled,
  idPrefix,
  number,
  options,
}: WidgetProps & { options: Array<{ id: string; text: string }> }) {
  const order = Array.isArray(value) && value.length === options.length ? value : options.map((o) => o.id);
  const textOf = new Map(options.map((o) => [o.id, o.text]));
  const [announcement, setAnnouncement] = useState("");
  const [focusTarget, setFocusTarget] = useState<{ id: string; direction: "up" | "down" } | null>(null);

  useEffect(() => {
    if (!focusTarget) return;
    const row = document.querySelector(`[data-order-row="${idPrefix}-${focusTarget.id}"]`);
    const preferred = row?.querySelector<HTMLButtonElement>(
      `button[data-direction="${focusTarget.direction}"]`,
    );
    const fallback = row?.querySelector<HTMLButtonElement>("button:not([disabled])");
    (preferred && !preferred.disabled ? preferred : fallback)?.focus();
  }, [focusTarget, idPrefix]);

  function move(index: number, delta: -1 | 1) {
    const target = index + delta;
    if (target < 0 || target >= order.length) return;
    const next = [...order];
    const [item] = next.splice(index, 1);
    if (item === undefined) return;
    next.splice(target, 0, item);
    onChange(next);
    setFocusTarget({ id: item, direction: delta === -1 ? "up" : "down" });
    setAnnouncement(`${textOf.get(item) ?? "Item"} moved to position ${target + 1} of ${order.length}.`);
  }

  return (
    <fieldset disabled={isDisabled}>
      <legend className="stem">
        <Stem number={number} question={question} />
      </legend>
      <p className="hint">Put the items in order with the Move up and Move down buttons.</p>
      <ol className="order-list">
        {order.map((id, index) => (
          <li key={id} data-order-row={`${idPrefix}-${id}`}>
            <span className="order-index" aria-hidden="true">
              {index + 1}.
            </span>
            <span className="order-text">{textOf.get(id)}</span>
            <button
              type="button"
              className="button ghost small"
              data-direction="up"
              disabled={index === 0}
              onClick={() => move(index, -1)}
              aria-label={`Move up: ${textOf.get(id)}`}
            >
              ↑
            </button>
            <button
              type="button"
              className="button ghost small"
              data-direction="down"
              disabled={index === order.length - 1}
              onClick={() => move(index, 1)}
              aria-label={`Move down: ${textOf.get(id)}`}
            >
              ↓
            </button>
          </li>
        ))}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </fieldset>
  );
}

function MatchingWidget({
  question,
  value,
  onChange,
  isDisabled,
  idPrefix,
  number,
  left,
  right,
}: WidgetProps & { left: Array<{ id: string; text: string }>; right: Array<{ id: string; text: string }> }) {
  const pairs = value && typeof value === "object" && !Array.isArray(value) ? value : {};
  return (
    <fieldset disabled={isDisabled}>
      <legend className="stem">
        <Stem number={number} question={question} />
      </legend>
      <p className="hint">For each item on the left, choose its match.</p>
      {left.map((item) => {
        const id = `${idPrefix}-${item.id}`;
        return (
          <div key={item.id} className="match-row">
            <label htmlFor={id}>{item.text}</label>
            <select
              id={id}
              value={pairs[item.id] ?? ""}
              onChange={(event) => {
                const next = { ...pairs };
                if (event.target.value) next[item.id] = event.target.value;
                else delete next[item.id];
                onChange(next);
              }}
            >
              <option value="">Choose a match…</option>
              {right.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.text}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}

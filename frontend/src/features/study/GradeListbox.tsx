import { useEffect, useRef, useState, type KeyboardEvent } from "react";

export interface GradeListboxProps {
  id: string;
  label: string;
  options: number[];
  value: number | null;
  /** An explicit choice: a click, or Enter/Space/a digit on an option. */
  onChoose: (value: number) => void;
  /** Closed without a choice from the keyboard (Esc, Tab): the focus goes back to the cell. */
  onClose: () => void;
  /** Closed because the focus went elsewhere (a click outside): it stays there. */
  onDismiss: () => void;
}

/**
 * The grades of one cell to pick from with the mouse or the keyboard. Moving through the
 * options changes nothing; only a choice does.
 */
export function GradeListbox({ id, label, options, value, onChoose, onClose, onDismiss }: GradeListboxProps) {
  const list = useRef<HTMLUListElement>(null);
  const [active, setActive] = useState(() => Math.max(0, value === null ? 0 : options.indexOf(value)));

  useEffect(() => list.current?.focus(), []);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const last = options.length - 1;
    const moves: Record<string, number> = {
      ArrowUp: Math.max(0, active - 1),
      ArrowDown: Math.min(last, active + 1),
      Home: 0,
      End: last,
    };
    if (event.key in moves) setActive(moves[event.key]);
    else if (event.key === "Enter" || event.key === " ") onChoose(options[active]);
    else if (options.includes(Number(event.key)) && /^[0-9]$/.test(event.key)) onChoose(Number(event.key));
    else if (event.key === "Escape" || event.key === "Tab") onClose();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <ul
      ref={list}
      id={id}
      role="listbox"
      aria-label={label}
      tabIndex={-1}
      className="grade-listbox"
      aria-activedescendant={`${id}-${options[active]}`}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        if (!event.currentTarget.parentElement?.contains(event.relatedTarget)) onDismiss();
      }}
    >
      {options.map((grade, index) => (
        <li
          key={grade}
          id={`${id}-${grade}`}
          role="option"
          aria-selected={grade === value}
          className={index === active ? "active" : undefined}
          // keep the focus in the list, so the click lands before a blur could close it
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onChoose(grade)}
        >
          {grade}
        </li>
      ))}
    </ul>
  );
}

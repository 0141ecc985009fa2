import { useCallback, useState } from "react";

export interface FilmPoint {
  x: number;
  y: number;
}

export interface MeasureLine {
  measuring: boolean;
  points: FilmPoint[]; // none, the first end, or both, in image pixels
  lengthPx: number;
  begin: () => void;
  addPoint: (point: FilmPoint) => void;
  cancel: () => void;
}

/** A line of known length drawn on the film with two clicks, to calibrate the pixel spacing. */
export function useMeasureLine(): MeasureLine {
  const [measuring, setMeasuring] = useState(false);
  const [points, setPoints] = useState<FilmPoint[]>([]);
  const begin = useCallback(() => {
    setPoints([]);
    setMeasuring(true);
  }, []);
  const cancel = useCallback(() => {
    setPoints([]);
    setMeasuring(false);
  }, []);
  const addPoint = useCallback((point: FilmPoint) => {
    setPoints((current) => (current.length >= 2 ? [point] : [...current, point]));
  }, []);
  const lengthPx = points.length === 2 ? Math.hypot(points[1].x - points[0].x, points[1].y - points[0].y) : 0;
  return { measuring, points, lengthPx, begin, addPoint, cancel };
}
